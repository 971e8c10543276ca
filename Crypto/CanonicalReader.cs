using System.Buffers.Binary;
using System.Text;

namespace Ledger.Crypto;

/// <summary>
/// Reads what <see cref="CanonicalWriter"/> wrote. Every read is bounds-checked and a short or
/// oversize input is a <see cref="FormatException"/>, so malformed bytes from the network can be
/// rejected with one catch and never index out of range.
/// </summary>
public ref struct CanonicalReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CanonicalReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public readonly bool AtEnd => _position == _data.Length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new FormatException($"truncated input: need {count} bytes at offset {_position}, have {Remaining}");
        }

        ReadOnlySpan<byte> slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public byte ReadU8() => Take(1)[0];

    public bool ReadBool() => ReadU8() switch
    {
        0 => false,
        1 => true,
        var b => throw new FormatException($"invalid boolean byte {b}"),
    };

    public uint ReadU32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public long ReadI64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public ReadOnlySpan<byte> ReadFixed(int count) => Take(count);

    public Hash32 ReadHash() => new(Take(Hash32.Size));

    public PublicKey ReadKey() => new(Take(PublicKey.Size));

    /// <summary>A length-prefixed byte string no longer than <paramref name="maxLength"/>.</summary>
    public byte[] ReadBytes(int maxLength)
    {
        uint length = ReadU32();
        if (length > (uint)maxLength)
        {
            throw new FormatException($"byte string of {length} bytes exceeds the limit of {maxLength}");
        }

        return Take((int)length).ToArray();
    }

    public string ReadString(int maxLength) => Encoding.UTF8.GetString(ReadBytes(maxLength));

    /// <summary>Fails unless every byte was consumed: trailing garbage is malformed input.</summary>
    public readonly void EnsureEnd()
    {
        if (!AtEnd)
        {
            throw new FormatException($"{Remaining} trailing bytes after the message");
        }
    }
}
