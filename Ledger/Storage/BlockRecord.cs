using System.Buffers.Binary;
using System.IO.Hashing;

namespace Ledger.Storage;

/// <summary>
/// One block's record in the block segments (docs/PROTOCOL.md, "State diff and storage"), record
/// format 6 (unchanged since storage layout 6; layout 7 only cut the file into segments): a
/// 32-byte header (u32 magic "LBLK", u32 format, u64 height, u32 lengths of the
/// payload, certificate, receipts and state diff), the four byte strings in that order, and a
/// u64 XXH3-64 (seed 0) of the header and the bytes; integers big-endian. The index document
/// holds the record's offset, length and checksum, and a read checks all of them, so a record
/// that was torn, overwritten, or read from the wrong place is reported, never returned.
/// </summary>
internal static class BlockRecord
{
    /// <summary>"LBLK".</summary>
    public const uint Magic = 0x4C424C4B;

    public const int HeaderSize = 32;

    /// <summary>The record format written (the header's second field): storage layout 6's records, which layout 7 keeps byte for byte.</summary>
    public const uint Format = 6;

    /// <summary>Whether a header's format field is one this build reads.</summary>
    public static bool IsKnownFormat(uint format) => format == Format;

    public const int TrailerSize = sizeof(ulong);

    /// <summary>The record's length: header, the four byte strings, checksum.</summary>
    public static long Length(StoredBlock block) =>
        HeaderSize + (long)block.PayloadChunks.Length + block.CertificateChunks.Length + block.ReceiptsChunks.Length + block.StateDiffChunks.Length + TrailerSize;

    /// <summary>
    /// Lays out <paramref name="block"/>'s record as <paramref name="parts"/> for one gathered
    /// write, without copying its bytes: <paramref name="header"/> and <paramref name="trailer"/>
    /// are filled in, the chunks are referenced. Returns the checksum.
    /// </summary>
    public static ulong Gather(StoredBlock block, byte[] header, byte[] trailer, XxHash3 hasher, List<ReadOnlyMemory<byte>> parts)
    {
        BinaryPrimitives.WriteUInt32BigEndian(header, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), Format);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), block.Height);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), (uint)block.PayloadChunks.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), (uint)block.CertificateChunks.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(24), (uint)block.ReceiptsChunks.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(28), (uint)block.StateDiffChunks.Length);
        hasher.Reset();
        hasher.Append(header);
        parts.Add(header);
        foreach (ChunkedBytes bytes in (ReadOnlySpan<ChunkedBytes>)[block.PayloadChunks, block.CertificateChunks, block.ReceiptsChunks, block.StateDiffChunks])
        {
            foreach (byte[] chunk in bytes.Chunks)
            {
                hasher.Append(chunk);
                parts.Add(chunk);
            }
        }

        ulong checksum = hasher.GetCurrentHashAsUInt64();
        BinaryPrimitives.WriteUInt64BigEndian(trailer, checksum);
        parts.Add(trailer);
        return checksum;
    }

    /// <summary>
    /// Reads the record <paramref name="entry"/> points at and checks it against the entry; full-size
    /// chunks come from <paramref name="pool"/> when given (for a caller that returns them).
    /// </summary>
    public static StoredBlock Read(BlockFile file, BlockIndexEntry entry, ChunkPool? pool)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        if (entry.Length < HeaderSize + TrailerSize || entry.Offset < 0 || entry.End > file.End || file.Read(entry.Offset, header) != HeaderSize)
        {
            throw Corrupted(entry, $"is cut short or out of place ({entry.Length} bytes are indexed, the committed records end at byte {file.End})");
        }

        Span<int> lengths = stackalloc int[4];
        if (!TryReadHeader(header, lengths, out uint layout, out ulong height, out long total) || !IsKnownFormat(layout) || height != entry.Height)
        {
            throw Corrupted(entry, $"has the header of no record of this block (magic 0x{BinaryPrimitives.ReadUInt32BigEndian(header):X8}, layout {layout}, height {height})");
        }

        if (total != entry.Length)
        {
            throw Corrupted(entry, $"declares {total} bytes, the index {entry.Length}");
        }

        ChunkedBytes[] strings = [ChunkedBytes.Allocate(lengths[0], pool), ChunkedBytes.Allocate(lengths[1], pool), ChunkedBytes.Allocate(lengths[2], pool), ChunkedBytes.Allocate(lengths[3], pool)];
        byte[] trailer = new byte[TrailerSize];
        var destinations = new List<Memory<byte>>();
        foreach (ChunkedBytes bytes in strings)
        {
            foreach (byte[] chunk in bytes.Chunks)
            {
                destinations.Add(chunk);
            }
        }

        destinations.Add(trailer);
        if (file.Read(entry.Offset + HeaderSize, destinations) != entry.Length - HeaderSize)
        {
            throw Corrupted(entry, $"is cut short (a record of {entry.Length} bytes is indexed, the file ends first)");
        }

        var hasher = new XxHash3();
        hasher.Append(header);
        for (int i = 0; i < destinations.Count - 1; i++)
        {
            hasher.Append(destinations[i].Span);
        }

        ulong computed = hasher.GetCurrentHashAsUInt64();
        ulong stored = BinaryPrimitives.ReadUInt64BigEndian(trailer);
        if (computed != stored || stored != entry.Checksum)
        {
            throw Corrupted(entry, $"fails its checksum (computed {computed:x16}, in the record {stored:x16}, in the index {entry.Checksum:x16})");
        }

        return new StoredBlock(entry.Height, entry.BlockId, entry.ParentBlockId, entry.Header, strings[0], strings[1], strings[2], strings[3]);
    }

    /// <summary>
    /// Reads a record header: false if it does not start with the magic or a length does not fit
    /// an array. <paramref name="length"/> is the whole record's.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, Span<int> lengths, out uint layout, out ulong height, out long length)
    {
        layout = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        height = BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
        length = HeaderSize + TrailerSize;
        for (int i = 0; i < lengths.Length; i++)
        {
            uint part = BinaryPrimitives.ReadUInt32BigEndian(header[(16 + (4 * i))..]);
            lengths[i] = (int)Math.Min(part, int.MaxValue);
            length += part;
            if (part > Array.MaxLength)
            {
                return false;
            }
        }

        return BinaryPrimitives.ReadUInt32BigEndian(header) == Magic;
    }

    private static StoreCorruptedException Corrupted(BlockIndexEntry entry, string what) =>
        new($"block {entry.Height}: its record at byte {entry.Offset} of the block records ({BlockFile.FolderName}/) {what}");
}
