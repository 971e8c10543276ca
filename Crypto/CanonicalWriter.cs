using System.Buffers;
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
        _buffer.WriteU8(value);
        return this;
    }

    public CanonicalWriter WriteBool(bool value) => WriteU8(value ? (byte)1 : (byte)0);

    public CanonicalWriter WriteU32(uint value)
    {
        _buffer.WriteU32(value);
        return this;
    }

    public CanonicalWriter WriteU64(ulong value)
    {
        _buffer.WriteU64(value);
        return this;
    }

    public CanonicalWriter WriteI64(long value)
    {
        _buffer.WriteI64(value);
        return this;
    }

    /// <summary>Raw bytes of a length both sides already know (hashes, keys, signatures).</summary>
    public CanonicalWriter WriteFixed(ReadOnlySpan<byte> bytes)
    {
        _buffer.WriteFixed(bytes);
        return this;
    }

    public CanonicalWriter WriteHash(Hash32 hash)
    {
        _buffer.WriteHash(hash);
        return this;
    }

    public CanonicalWriter WriteKey(PublicKey key)
    {
        _buffer.WriteKey(key);
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
