using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Storage;

/// <summary>
/// The block records (<see cref="BlockRecord"/>) next to ledger.db, storage layout 7: one byte
/// sequence addressed by offsets from 0 (what the index documents hold), cut into segment files
/// in the <c>blocks/</c> folder, each named by the offset it starts at (20 decimal digits,
/// <c>.seg</c>). A record never spans two segments: a record is written into a new segment when
/// the current one has reached <see cref="BlockFileOptions.SegmentBytes"/>. Segments exist so the
/// oldest blocks can be dropped whole (<see cref="DropBelow"/>) while the rest stays where the
/// index says. LiteDB's head is authoritative: on open, bytes past the committed end (the end of
/// the head block's record) are a record that was written but whose LiteDB transaction never
/// committed, or a torn write, and are cut off; a segment shorter than its committed records, or
/// a gap between segments, lost committed blocks and is refused. Records are written at
/// <see cref="End"/> and flushed to the device before the block's LiteDB transaction, which then
/// makes them committed; <see cref="End"/> moves only after that. Reads (pread) are safe on any
/// thread while one thread writes or drops segments.
/// </summary>
internal sealed class BlockFile : IDisposable
{
    /// <summary>The folder of segment files.</summary>
    public const string FolderName = "blocks";

    /// <summary>Layout 6's single block file, which opening a layout-6 store moves into <see cref="FolderName"/> as its first segment.</summary>
    public const string LegacyFileName = "blocks.dat";

    private const string Extension = ".seg";

    private readonly string _folder;
    private readonly IFileDurability _durability;
    private readonly long _segmentBytes;

    // In offset order, the last one written to; replaced whole (never changed in place) by the
    // writer when it rolls and by DropBelow, so a reader works on one consistent list.
    private volatile Segment[] _segments;

    // Moved by the writer after a commit, read by readers of any thread.
    private long _end;

    private BlockFile(string folder, Segment[] segments, long end, long truncated, IFileDurability durability, long segmentBytes)
    {
        _folder = folder;
        _segments = segments;
        _durability = durability;
        _segmentBytes = segmentBytes;
        _end = end;
        TruncatedBytes = truncated;
    }

    /// <summary>The committed end: where the next record goes.</summary>
    public long End => Volatile.Read(ref _end);

    /// <summary>Where the oldest segment still on disk starts: records below it were dropped.</summary>
    public long Start => _segments[0].Start;

    /// <summary>Segment files on disk.</summary>
    public int SegmentCount => _segments.Length;

    /// <summary>Committed record bytes on disk (from <see cref="Start"/> to <see cref="End"/>).</summary>
    public long StoredBytes => End - Start;

    /// <summary>How many uncommitted bytes Open cut off the end of the newest segment.</summary>
    public long TruncatedBytes { get; }

    /// <summary>The segment file that starts at <paramref name="start"/>, relative to the data directory (for messages).</summary>
    public static string SegmentName(long start) => FolderName + "/" + start.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    /// <summary>
    /// Moves layout 6's <c>blocks.dat</c> into <c>blocks/</c> as the segment starting at 0, if it
    /// is still there: one rename, flushed in both folders, so a crash leaves the file at one name
    /// or the other and the next open finishes the move. Returns whether anything moved.
    /// </summary>
    public static bool MigrateLegacyFile(string dataDirectory, IFileDurability durability)
    {
        string legacy = Path.Combine(dataDirectory, LegacyFileName);
        if (!File.Exists(legacy))
        {
            return false;
        }

        string folder = Path.Combine(dataDirectory, FolderName);
        DurableFiles.CreateDirectory(folder, durability);
        string first = Path.Combine(dataDirectory, SegmentName(0));
        if (File.Exists(first))
        {
            throw new StoreCorruptedException($"both {LegacyFileName} and {SegmentName(0)} exist: the store cannot tell which holds its blocks");
        }

        File.Move(legacy, first);
        durability.FlushDirectory(Path.GetFullPath(folder));
        durability.FlushDirectory(Path.GetFullPath(dataDirectory));
        return true;
    }

    /// <summary>
    /// Opens (or creates, for a store with no block yet) the segments of <paramref name="dataDirectory"/>
    /// whose committed records end at <paramref name="committedEnd"/>, the end of block
    /// <paramref name="headHeight"/>'s record.
    /// </summary>
    public static BlockFile Open(string dataDirectory, long committedEnd, ulong headHeight, IFileDurability durability, BlockFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string folder = Path.Combine(dataDirectory, FolderName);
        if (committedEnd > 0 && !Directory.Exists(folder))
        {
            throw new StoreCorruptedException($"{FolderName}/ is missing, but the records of blocks up to {headHeight} (the head) are committed in it, ending at byte {committedEnd}");
        }

        // Created here, at the first open of a new store, long before a block is written into it;
        // LedgerStore.Open flushes the data folder once this and ledger.db exist.
        DurableFiles.CreateDirectory(folder, durability);
        List<long> starts = ListSegments(folder);
        if (starts.Count == 0)
        {
            if (committedEnd > 0)
            {
                throw new StoreCorruptedException($"{FolderName}/ holds no segment, but the records of blocks up to {headHeight} (the head) are committed in it, ending at byte {committedEnd}");
            }

            starts.Add(0);
            using (File.OpenHandle(Path.Combine(dataDirectory, SegmentName(0)), FileMode.CreateNew, FileAccess.ReadWrite))
            {
            }

            durability.FlushDirectory(Path.GetFullPath(folder));
        }

        var segments = new List<Segment>();
        try
        {
            foreach (long start in starts)
            {
                string path = Path.Combine(dataDirectory, SegmentName(start));
                segments.Add(new Segment(start, File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read)));
            }

            long truncated = CheckSegments(segments, committedEnd, headHeight, durability);
            return new BlockFile(folder, [.. segments], committedEnd, truncated, durability, options.SegmentBytes);
        }
        catch
        {
            foreach (Segment segment in segments)
            {
                segment.Handle.Dispose();
            }

            throw;
        }
    }

    private static List<long> ListSegments(string folder)
    {
        var starts = new List<long>();
        foreach (string path in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (name.Length != 20 || !long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long start))
            {
                throw new StoreCorruptedException($"{FolderName}/{Path.GetFileName(path)} is not named as a segment (the 20-digit offset it starts at)");
            }

            starts.Add(start);
        }

        starts.Sort();
        return starts;
    }

    // The segments must follow one another without a gap; the newest one holding committed bytes
    // (the last that starts at or below the committed end) is cut back to the committed end, after
    // checking that what is cut is what a crash leaves. A segment starting past the committed end
    // was not left by a crash (a record is written into a new segment only at the committed end).
    private static long CheckSegments(List<Segment> segments, long committedEnd, ulong headHeight, IFileDurability durability)
    {
        int current = segments.FindLastIndex(s => s.Start <= committedEnd);
        if (current < 0)
        {
            throw new StoreCorruptedException($"the oldest segment {SegmentName(segments[0].Start)} starts past byte {committedEnd}, the end of the head block {headHeight}'s record");
        }

        if (current < segments.Count - 1)
        {
            throw new StoreCorruptedException($"segment {SegmentName(segments[current + 1].Start)} starts past byte {committedEnd}, the end of the head block {headHeight}'s record: more than the one uncommitted record a crash leaves; ledger.db does not belong with these segments");
        }

        for (int i = 0; i < current; i++)
        {
            long length = RandomAccess.GetLength(segments[i].Handle);
            if (segments[i].Start + length != segments[i + 1].Start)
            {
                throw new StoreCorruptedException($"segment {SegmentName(segments[i].Start)} is {length} bytes, but the next segment starts at byte {segments[i + 1].Start}: committed blocks are missing");
            }
        }

        Segment newest = segments[current];
        long have = RandomAccess.GetLength(newest.Handle);
        long committed = committedEnd - newest.Start;
        if (have < committed)
        {
            throw new StoreCorruptedException($"segment {SegmentName(newest.Start)} is {have} bytes, but the record of block {headHeight} (the head) ends at byte {committedEnd}, {committed} bytes into it: committed blocks are missing from it");
        }

        if (have > committed)
        {
            CheckTail(newest, committed, have - committed, headHeight);
            RandomAccess.SetLength(newest.Handle, committed);
            durability.FlushFile(newest.Handle);
        }

        return have - committed;
    }

    // A crash leaves at most the record of block head + 1 past the committed end, perhaps torn (its
    // header may not even have reached the disk). A tail that starts with a whole header of another
    // block, or that is longer than the record of head + 1 it starts with, was not left by a
    // crash: this ledger.db does not belong with these segments (an older one restored beside
    // newer segments, say), and cutting the tail off would destroy blocks.
    private static void CheckTail(Segment segment, long at, long tail, ulong headHeight)
    {
        Span<byte> header = stackalloc byte[BlockRecord.HeaderSize];
        if (tail < header.Length || RandomAccess.Read(segment.Handle, header, at) < header.Length)
        {
            return;
        }

        Span<int> lengths = stackalloc int[4];
        if (BlockRecord.TryReadHeader(header, lengths, out uint format, out ulong height, out long length)
            && (!BlockRecord.IsKnownFormat(format) || height != headHeight + 1 || tail > length))
        {
            throw new StoreCorruptedException($"segment {SegmentName(segment.Start)} holds {tail} bytes past the head block {headHeight}'s record, starting with the record of block {height} (format {format}, {length} bytes): more than the one uncommitted record a crash leaves; ledger.db does not belong with these segments");
        }
    }

    /// <summary>
    /// Writes one record (the concatenation of <paramref name="parts"/>) at <see cref="End"/> and
    /// flushes it to the device; does not move <see cref="End"/>. When the current segment is full
    /// the record starts a new one, whose name is flushed into the folder before the record is
    /// written, so a committed record is never in a file the folder may lose.
    /// </summary>
    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        long end = End;
        Segment[] segments = _segments;
        Segment current = segments[^1];
        if (end - current.Start >= _segmentBytes)
        {
            string path = Path.Combine(Path.GetDirectoryName(_folder)!, SegmentName(end));
            current = new Segment(end, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read));
            _durability.FlushDirectory(Path.GetFullPath(_folder));
            _segments = [.. segments, current];
        }

        RandomAccess.Write(current.Handle, parts, end - current.Start);
        _durability.FlushFile(current.Handle);
    }

    /// <summary>The record of <paramref name="length"/> bytes last written is committed: the next one goes after it.</summary>
    public void Advance(long length) => Volatile.Write(ref _end, _end + length);

    /// <summary>
    /// Deletes the segments that end at or below <paramref name="offset"/> (never the newest) and
    /// flushes the folder; returns how many went and their bytes. The caller has made sure no
    /// committed block it still answers for has its record there.
    /// </summary>
    public (int Segments, long Bytes) DropBelow(long offset)
    {
        Segment[] segments = _segments;
        int drop = 0;
        while (drop < segments.Length - 1 && segments[drop + 1].Start <= offset)
        {
            drop++;
        }

        if (drop == 0)
        {
            return (0, 0);
        }

        _segments = segments[drop..];
        long bytes = segments[drop].Start - segments[0].Start;
        string dataDirectory = Path.GetDirectoryName(_folder)!;
        for (int i = 0; i < drop; i++)
        {
            // A reader that took the old list may still read this handle: it gets an
            // ObjectDisposedException, which the store answers as a block no longer stored.
            segments[i].Handle.Dispose();
            File.Delete(Path.Combine(dataDirectory, SegmentName(segments[i].Start)));
        }

        _durability.FlushDirectory(Path.GetFullPath(_folder));
        return (drop, bytes);
    }

    /// <summary>
    /// Deletes every segment in <paramref name="dataDirectory"/>'s blocks folder but an empty one
    /// at offset 0 (what a store with no block holds) and flushes the folder; returns how many
    /// went. For a store whose head is its snapshot base, none of whose records is committed: the
    /// old chain's, left by a replace (<see cref="LedgerStore.ReplaceWithBase"/>) that a crash
    /// interrupted, or one uncommitted record. Not on an open <see cref="BlockFile"/>.
    /// </summary>
    public static int DeleteAllSegments(string dataDirectory, IFileDurability durability)
    {
        string folder = Path.Combine(dataDirectory, FolderName);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int deleted = 0;
        foreach (long start in ListSegments(folder))
        {
            string path = Path.Combine(dataDirectory, SegmentName(start));
            if (start == 0 && new FileInfo(path).Length == 0)
            {
                continue;
            }

            File.Delete(path);
            deleted++;
        }

        if (deleted > 0)
        {
            durability.FlushDirectory(Path.GetFullPath(folder));
        }

        return deleted;
    }

    /// <summary>Reads into <paramref name="destination"/> from <paramref name="offset"/>; returns the bytes read (fewer at the end of a segment, none below <see cref="Start"/>).</summary>
    public int Read(long offset, Span<byte> destination)
    {
        if (Find(offset) is not { } segment)
        {
            return 0;
        }

        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(segment.Handle, destination[total..], offset - segment.Start + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Reads into <paramref name="destinations"/> in order from <paramref name="offset"/>; returns the bytes read (fewer at the end of a segment, none below <see cref="Start"/>).</summary>
    public long Read(long offset, IReadOnlyList<Memory<byte>> destinations)
    {
        if (Find(offset) is not { } segment)
        {
            return 0;
        }

        // One preadv normally fills everything; a short read (a signal, a kernel limit) is
        // finished buffer by buffer.
        long total = RandomAccess.Read(segment.Handle, destinations, offset - segment.Start);
        long position = 0;
        foreach (Memory<byte> destination in destinations)
        {
            long start = position;
            position += destination.Length;
            if (total >= position)
            {
                continue;
            }

            int have = (int)(total - start);
            int got = Read(offset + start + have, destination.Span[have..]);
            total = start + have + got;
            if (have + got < destination.Length)
            {
                return total;
            }
        }

        return total;
    }

    /// <summary>Where the segment holding <paramref name="offset"/> starts (-1 below <see cref="Start"/>).</summary>
    public long SegmentStartOf(long offset) => Find(offset)?.Start ?? -1;

    /// <summary>The height in the header of the record at <paramref name="offset"/> (a segment's start, where a record always begins).</summary>
    public ulong HeightAt(long offset)
    {
        Span<byte> header = stackalloc byte[BlockRecord.HeaderSize];
        Span<int> lengths = stackalloc int[4];
        if (Read(offset, header) != header.Length || !BlockRecord.TryReadHeader(header, lengths, out uint format, out ulong height, out _) || !BlockRecord.IsKnownFormat(format))
        {
            throw new StoreCorruptedException($"no record header at byte {offset} of the block records (segment {SegmentName(SegmentStartOf(offset))})");
        }

        return height;
    }

    // The segment holding `offset`: the last one starting at or below it.
    private Segment? Find(long offset)
    {
        Segment[] segments = _segments;
        int low = 0;
        int high = segments.Length - 1;
        int found = -1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (segments[middle].Start <= offset)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found < 0 ? null : segments[found];
    }

    public void Dispose()
    {
        foreach (Segment segment in _segments)
        {
            segment.Handle.Dispose();
        }
    }

    private sealed record Segment(long Start, SafeFileHandle Handle);
}
