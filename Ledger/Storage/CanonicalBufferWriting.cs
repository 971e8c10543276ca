using System.Buffers;
using System.Buffers.Binary;
using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary>
/// The canonical encoding rules of <see cref="CanonicalWriter"/> (big-endian fixed-width
/// integers, raw fixed-size values) written straight into any buffer writer, so a stored block
/// is encoded once into its final chunks instead of into a growing array that is then copied.
/// </summary>
internal static class CanonicalBufferWriting
{
    public static void WriteU8(this IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteU32(this IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteI64(this IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteHash(this IBufferWriter<byte> writer, Hash32 hash)
    {
        hash.CopyTo(writer.GetSpan(Hash32.Size));
        writer.Advance(Hash32.Size);
    }

    /// <summary>Raw bytes of a length both sides already know.</summary>
    public static void WriteFixed(this IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    /// <summary>Runs <paramref name="encode"/> into an exact-size array (for callers that want one array).</summary>
    public static byte[] ToArray(int length, Action<IBufferWriter<byte>> encode)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1, length));
        encode(buffer);
        if (buffer.WrittenCount != length)
        {
            throw new InvalidOperationException($"an encoder declared {length} bytes and wrote {buffer.WrittenCount}");
        }

        return buffer.WrittenSpan.ToArray();
    }
}
