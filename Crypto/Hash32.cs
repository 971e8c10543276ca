using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ledger.Crypto;

/// <summary>
/// A 32-byte SHA-256 digest. Held as four big-endian words so it is a cheap, allocation-free
/// dictionary key and compares in the same order as its bytes.
/// </summary>
public readonly struct Hash32 : IEquatable<Hash32>, IComparable<Hash32>
{
    public const int Size = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public static readonly Hash32 Zero;

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a Hash32 is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public bool IsZero => (_a | _b | _c | _d) == 0;

    /// <summary>
    /// Longest input that SHA-256 compresses in one block (with its padding): up to this length
    /// <see cref="Sha256"/> uses libsodium, above it OpenSSL.
    /// </summary>
    public const int OneBlockInputMax = 55;

    // One reusable OpenSSL digest context per thread: a one-shot SHA256.HashData sets up and
    // frees a context on every call, about a third more per hash at the sizes state trees use.
    [ThreadStatic]
    private static IncrementalHash? _hasher;

    /// <summary>
    /// SHA-256 of <paramref name="data"/>. Both libraries are the project's chosen ones, never
    /// hand-written code. Inputs of one block (keys, nonces, ids) go to libsodium through NSec:
    /// one call, no context, about 0.22 us against 0.35 us through OpenSSL's EVP interface on
    /// the bench machine. Longer inputs (a state-tree node is 513 bytes) go to OpenSSL, which
    /// uses the CPU's SHA extensions where libsodium's portable code is three times slower.
    /// A test checks the two agree at every length around the boundary.
    /// </summary>
    public static Hash32 Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Size];
        if (data.Length <= OneBlockInputMax)
        {
            NSec.Cryptography.HashAlgorithm.Sha256.Hash(data, digest);
        }
        else
        {
            IncrementalHash hasher = _hasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hasher.AppendData(data);
            hasher.GetHashAndReset(digest);
        }

        return new Hash32(digest);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>
    /// Nibble <paramref name="index"/> (0 to 63) counted from the high half of byte 0: the
    /// branch a 16-ary tree keyed by this hash takes at depth <paramref name="index"/>.
    /// </summary>
    public int Nibble(int index)
    {
        ulong word = (index >> 4) switch
        {
            0 => _a,
            1 => _b,
            2 => _c,
            3 => _d,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };
        return (int)(word >> (60 - ((index & 15) << 2))) & 0xF;
    }

    public static Hash32 FromHex(string hex) => new(Convert.FromHexString(hex));

    public static bool TryFromHex(string? hex, out Hash32 hash)
    {
        hash = default;
        if (hex is null || hex.Length != Size * 2)
        {
            return false;
        }

        try
        {
            hash = FromHex(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public string ToHex() => Convert.ToHexStringLower(ToArray());

    public string ToShortHex() => ToHex()[..12];

    public override string ToString() => ToHex();

    public bool Equals(Hash32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    public int CompareTo(Hash32 other)
    {
        int c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);

    public static bool operator <(Hash32 left, Hash32 right) => left.CompareTo(right) < 0;

    public static bool operator >(Hash32 left, Hash32 right) => left.CompareTo(right) > 0;

    public static bool operator <=(Hash32 left, Hash32 right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Hash32 left, Hash32 right) => left.CompareTo(right) >= 0;
}
