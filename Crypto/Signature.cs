namespace Ledger.Crypto;

/// <summary>A 64-byte Ed25519 signature, immutable, compared by value.</summary>
public sealed class Signature : IEquatable<Signature>
{
    public const int Size = 64;

    private readonly byte[] _bytes;

    public Signature(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an Ed25519 signature is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> Span => _bytes;

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    public static Signature FromHex(string hex) => new(Convert.FromHexString(hex));

    public override string ToString() => ToHex();

    public bool Equals(Signature? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Signature);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
