namespace Ledger.Crypto;

/// <summary>
/// An Ed25519 public key: 32 bytes, compared by value. It is an identifier only; whether the bytes
/// are a valid curve point is decided when a signature is verified against it.
/// </summary>
public readonly struct PublicKey : IEquatable<PublicKey>, IComparable<PublicKey>
{
    public const int Size = 32;

    // Same 32-byte layout as a hash; reuse its value semantics rather than repeat them.
    private readonly Hash32 _bytes;

    public PublicKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an Ed25519 public key is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        _bytes = new Hash32(bytes);
    }

    public bool IsZero => _bytes.IsZero;

    public void CopyTo(Span<byte> destination) => _bytes.CopyTo(destination);

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>SHA-256 of the key bytes: the account's key in the state tree.</summary>
    public Hash32 Digest() => Hash32.Sha256(ToArray());

    public static PublicKey FromHex(string hex) => new(Convert.FromHexString(hex));

    public static bool TryFromHex(string? hex, out PublicKey key)
    {
        key = default;
        if (!Hash32.TryFromHex(hex, out Hash32 h))
        {
            return false;
        }

        key = new PublicKey(h.ToArray());
        return true;
    }

    public string ToHex() => _bytes.ToHex();

    public string ToShortHex() => _bytes.ToShortHex();

    public override string ToString() => ToHex();

    public bool Equals(PublicKey other) => _bytes.Equals(other._bytes);

    public override bool Equals(object? obj) => obj is PublicKey other && Equals(other);

    public override int GetHashCode() => _bytes.GetHashCode();

    public int CompareTo(PublicKey other) => _bytes.CompareTo(other._bytes);

    public static bool operator ==(PublicKey left, PublicKey right) => left.Equals(right);

    public static bool operator !=(PublicKey left, PublicKey right) => !left.Equals(right);

    public static bool operator <(PublicKey left, PublicKey right) => left.CompareTo(right) < 0;

    public static bool operator >(PublicKey left, PublicKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(PublicKey left, PublicKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PublicKey left, PublicKey right) => left.CompareTo(right) >= 0;
}
