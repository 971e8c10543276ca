using System.Buffers;
using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary>
/// Encoders write with <see cref="CanonicalBufferExtensions"/> into any buffer writer, so a
/// stored block is encoded once into its final chunks; this runs one into an exact-size array
/// for callers that want one array.
/// </summary>
internal static class CanonicalBufferWriting
{
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
