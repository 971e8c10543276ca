using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Ledger.Crypto;

/// <summary>
/// Builds the bytes that get signed or hashed: big-endian fixed-width integers and
/// u32-length-prefixed byte strings, in the order the caller writes them. Signed bytes never
/// come from a wire serialiser, so a change of wire format can never change what a signature
/// covers. Layouts are documented in docs/PROTOCOL.md.
/// </summary>
public sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public CanonicalWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    /// <summary>Starts a signed message: its domain tag, then the chain id.</summary>
    public static CanonicalWriter ForSigning(string domainTag, string chainId)
    {
        var writer = new CanonicalWriter();
        writer.WriteString(domainTag);
        writer.WriteString(chainId);
        return writer;
    }

    public int Length => _buffer.WrittenCount;

    public CanonicalWriter WriteU8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public CanonicalWriter WriteBool(bool value) => WriteU8(value ? (byte)1 : (byte)0);

    public CanonicalWriter WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public CanonicalWriter WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public CanonicalWriter WriteI64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    /// <summary>Raw bytes of a length both sides already know (hashes, keys, signatures).</summary>
    public CanonicalWriter WriteFixed(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public CanonicalWriter WriteHash(Hash32 hash)
    {
        hash.CopyTo(_buffer.GetSpan(Hash32.Size));
        _buffer.Advance(Hash32.Size);
        return this;
    }

    public CanonicalWriter WriteKey(PublicKey key)
    {
        key.CopyTo(_buffer.GetSpan(PublicKey.Size));
        _buffer.Advance(PublicKey.Size);
        return this;
    }

    /// <summary>A u32 big-endian length, then the bytes.</summary>
    public CanonicalWriter WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteU32(checked((uint)bytes.Length));
        return WriteFixed(bytes);
    }

    /// <summary>UTF-8 bytes, length-prefixed like <see cref="WriteBytes"/>.</summary>
    public CanonicalWriter WriteString(string value) => WriteBytes(Encoding.UTF8.GetBytes(value));

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public Hash32 Hash() => Hash32.Sha256(_buffer.WrittenSpan);
}
