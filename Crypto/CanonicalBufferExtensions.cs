using System.Buffers;
using System.Buffers.Binary;

namespace Ledger.Crypto;

/// <summary>
/// The canonical encoding rules (big-endian fixed-width integers, raw fixed-size values) for any
/// buffer writer: <see cref="CanonicalWriter"/> writes through these, and so do encoders that
/// write a stored block straight into its final chunks.
/// </summary>
public static class CanonicalBufferExtensions
{
    public static void WriteU8(this IBufferWriter<byte> writer, byte value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteU32(this IBufferWriter<byte> writer, uint value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteUInt32BigEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteU64(this IBufferWriter<byte> writer, ulong value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteUInt64BigEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteI64(this IBufferWriter<byte> writer, long value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        BinaryPrimitives.WriteInt64BigEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteHash(this IBufferWriter<byte> writer, Hash32 hash)
    {
        ArgumentNullException.ThrowIfNull(writer);
        hash.CopyTo(writer.GetSpan(Hash32.Size));
        writer.Advance(Hash32.Size);
    }

    public static void WriteKey(this IBufferWriter<byte> writer, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(writer);
        key.CopyTo(writer.GetSpan(PublicKey.Size));
        writer.Advance(PublicKey.Size);
    }

    /// <summary>Raw bytes of a length both sides already know (hashes, keys, signatures).</summary>
    public static void WriteFixed(this IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);
}
