using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using Ledger.Crypto;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Storage.TransactionIds;

/// <summary>
/// One immutable run file of the transaction-id index: every id committed in blocks
/// <see cref="From"/> to <see cref="To"/>, sorted by id, each once (the better occurrence, see
/// <see cref="IndexedTransaction.IsBetterThan"/>). Layout (little-endian unless named):
/// a 64-byte header (magic "LTXRUN1\0", from u64, to u64, count u64, fence interval u32, fence
/// count u32, 16 bytes zero, XxHash64 of the 56 bytes before it), count entries of 44 bytes (the
/// id's 32 bytes, height u64, index in the block u32 with the top bit set when that occurrence
/// succeeded), the fences (the first 8 bytes, big-endian, of every fence-interval-th entry's id)
/// and the XxHash64 of the fences. Memory held: the fences only, at most <see cref="MaxFences"/>,
/// so a run of any size costs at most 32 KB; a lookup binary-searches the fences, then the file.
/// The entries carry no checksum (checking one at open would read the whole index): a run is
/// written whole (temporary file flushed, renamed, folder flushed) and never changed, and an
/// entry whose height lies outside the run's range is reported as damage.
/// </summary>
internal sealed class TransactionRun : IDisposable
{
    public const string Extension = ".run";
    public const int HeaderSize = 64;
    public const int EntrySize = 44;
    public const int MaxFences = 4_096;

    // Fewer entries than this between two fences are read in one call and searched in memory.
    private const int MinFenceInterval = 64;
    private const int ReadWholeSpan = 256;
    private static readonly byte[] Magic = "LTXRUN1\0"u8.ToArray();

    private readonly SafeFileHandle _file;
    private readonly ulong[] _fences;
    private readonly int _fenceInterval;

    private TransactionRun(string path, SafeFileHandle file, ulong from, ulong to, long count, int fenceInterval, ulong[] fences)
    {
        Path = path;
        _file = file;
        From = from;
        To = to;
        Count = count;
        _fenceInterval = fenceInterval;
        _fences = fences;
    }

    public string Path { get; }

    /// <summary>The first block the run covers.</summary>
    public ulong From { get; }

    /// <summary>The last block the run covers.</summary>
    public ulong To { get; }

    /// <summary>Distinct ids in the run.</summary>
    public long Count { get; }

    /// <summary>Managed bytes the open run holds (its fences and the object itself).</summary>
    public long BytesHeld => (_fences.Length * sizeof(ulong)) + 128;

    public static string NameFor(ulong from, ulong to) => $"{from:D20}-{to:D20}{Extension}";

    /// <summary>
    /// Writes a run of <paramref name="sorted"/> (ascending ids, each once) durably into
    /// <paramref name="directory"/> and opens it. <paramref name="maxCount"/> bounds the entries
    /// (it sets the fence interval, never below <paramref name="minFenceInterval"/>, which tests
    /// raise to reach the file's binary search); <paramref name="stop"/> is checked every 64k entries.
    /// </summary>
    public static TransactionRun Write(
        string directory, ulong from, ulong to, IEnumerable<KeyValuePair<Hash32, IndexedTransaction>> sorted, long maxCount,
        IFileDurability durability, CancellationToken stop = default, int minFenceInterval = MinFenceInterval)
    {
        string path = System.IO.Path.Combine(directory, NameFor(from, to));
        string temporary = path + ".tmp";
        int interval = (int)Math.Max(minFenceInterval, (maxCount + MaxFences - 1) / MaxFences);
        var fences = new List<ulong>();
        long count = 0;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            stream.Write(new byte[HeaderSize]);
            Span<byte> entry = stackalloc byte[EntrySize];
            bool any = false;
            Hash32 previous = default;
            foreach ((Hash32 id, IndexedTransaction found) in sorted)
            {
                if (any && id.CompareTo(previous) <= 0)
                {
                    throw new InvalidOperationException("a run's entries must be in ascending id order, each once");
                }

                if ((count & 0xFFFF) == 0)
                {
                    stop.ThrowIfCancellationRequested();
                }

                if (count % interval == 0)
                {
                    fences.Add(Prefix(id));
                }

                Encode(id, found, entry);
                stream.Write(entry);
                previous = id;
                any = true;
                count++;
            }

            byte[] fenceBytes = new byte[fences.Count * sizeof(ulong)];
            for (int i = 0; i < fences.Count; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(fenceBytes.AsSpan(i * sizeof(ulong)), fences[i]);
            }

            stream.Write(fenceBytes);
            Span<byte> trailer = stackalloc byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(trailer, XxHash64.HashToUInt64(fenceBytes));
            stream.Write(trailer);
            stream.Position = 0;
            stream.Write(Header(from, to, count, interval, fences.Count));
            stream.Flush(flushToDisk: false);
            durability.FlushFile(stream.SafeFileHandle);
        }

        File.Move(temporary, path, overwrite: true);
        durability.FlushDirectory(directory);
        return TryOpen(path, out string? problem) ?? throw new IOException($"the run just written does not read back: {problem}");
    }

    /// <summary>Opens a run file, or null (with why) when it is not a whole, well-formed run.</summary>
    public static TransactionRun? TryOpen(string path, out string? problem)
    {
        SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            Span<byte> header = stackalloc byte[HeaderSize];
            long length = RandomAccess.GetLength(file);
            if (length < HeaderSize || RandomAccess.Read(file, header, 0) != HeaderSize)
            {
                return Refuse(file, "shorter than a header", out problem);
            }

            if (!header[..8].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt64LittleEndian(header[56..]) != XxHash64.HashToUInt64(header[..56]))
            {
                return Refuse(file, "not a run header (magic or checksum)", out problem);
            }

            ulong from = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
            ulong to = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
            long count = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
            int interval = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[32..]);
            int fenceCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[36..]);
            long expected = HeaderSize + (count * EntrySize) + ((long)fenceCount * sizeof(ulong)) + sizeof(ulong);
            if (from == 0 || to < from || count < 0 || interval < 1 || fenceCount != (count + interval - 1) / interval || length != expected)
            {
                return Refuse(file, $"header fields disagree with each other or with the file's {length} bytes", out problem);
            }

            byte[] fenceBytes = new byte[(fenceCount * sizeof(ulong)) + sizeof(ulong)];
            RandomAccess.Read(file, fenceBytes, HeaderSize + (count * EntrySize));
            ReadOnlySpan<byte> fencePart = fenceBytes.AsSpan(0, fenceCount * sizeof(ulong));
            if (BinaryPrimitives.ReadUInt64LittleEndian(fenceBytes.AsSpan(fencePart.Length)) != XxHash64.HashToUInt64(fencePart))
            {
                return Refuse(file, "fence checksum", out problem);
            }

            ulong[] fences = new ulong[fenceCount];
            for (int i = 0; i < fenceCount; i++)
            {
                fences[i] = BinaryPrimitives.ReadUInt64BigEndian(fencePart[(i * sizeof(ulong))..]);
            }

            problem = null;
            return new TransactionRun(path, file, from, to, count, interval, fences);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The run's entry for <paramref name="id"/>, or null. Reads the file (a few calls); safe from any thread.</summary>
    public IndexedTransaction? Find(Hash32 id)
    {
        if (Count == 0)
        {
            return null;
        }

        // Entries with the id's prefix lie between the last fence below it and the first above it.
        ulong prefix = Prefix(id);
        int below = LastFenceBelow(prefix);
        int above = below + 1;
        while (above < _fences.Length && _fences[above] <= prefix)
        {
            above++;
        }

        long low = below < 0 ? 0 : (long)below * _fenceInterval;
        long high = above >= _fences.Length ? Count : (long)above * _fenceInterval;
        Span<byte> probe = stackalloc byte[EntrySize];
        while (high - low > ReadWholeSpan)
        {
            long middle = low + ((high - low) / 2);
            ReadEntries(middle, probe);
            int order = new Hash32(probe[..Hash32.Size]).CompareTo(id);
            if (order == 0)
            {
                return Decode(probe);
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle);
        }

        int span = (int)(high - low);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(span * EntrySize);
        try
        {
            Span<byte> entries = buffer.AsSpan(0, span * EntrySize);
            ReadEntries(low, entries);
            int first = 0;
            int last = span - 1;
            while (first <= last)
            {
                int middle = first + ((last - first) / 2);
                Span<byte> entry = entries.Slice(middle * EntrySize, EntrySize);
                int order = new Hash32(entry[..Hash32.Size]).CompareTo(id);
                if (order == 0)
                {
                    return Decode(entry);
                }

                (first, last) = order < 0 ? (middle + 1, last) : (first, middle - 1);
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Every entry in id order, read sequentially (for merging).</summary>
    public IEnumerable<KeyValuePair<Hash32, IndexedTransaction>> ReadAll()
    {
        const int Batch = 1_024;
        byte[] buffer = new byte[Batch * EntrySize];
        for (long at = 0; at < Count; at += Batch)
        {
            int n = (int)Math.Min(Batch, Count - at);
            ReadEntries(at, buffer.AsSpan(0, n * EntrySize));
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> entry = buffer.AsSpan(i * EntrySize, EntrySize);
                yield return new(new Hash32(entry[..Hash32.Size]), Decode(entry));
            }
        }
    }

    private int LastFenceBelow(ulong prefix)
    {
        int first = 0;
        int last = _fences.Length - 1;
        int found = -1;
        while (first <= last)
        {
            int middle = first + ((last - first) / 2);
            if (_fences[middle] < prefix)
            {
                found = middle;
                first = middle + 1;
            }
            else
            {
                last = middle - 1;
            }
        }

        return found;
    }

    private void ReadEntries(long index, Span<byte> destination)
    {
        int read = RandomAccess.Read(_file, destination, HeaderSize + (index * EntrySize));
        if (read != destination.Length)
        {
            throw new StoreCorruptedException($"{System.IO.Path.GetFileName(Path)}: entry {index} lies past the file's end");
        }
    }

    private IndexedTransaction Decode(ReadOnlySpan<byte> entry)
    {
        ulong height = BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
        uint index = BinaryPrimitives.ReadUInt32LittleEndian(entry[40..]);
        if (height < From || height > To)
        {
            throw new StoreCorruptedException($"{System.IO.Path.GetFileName(Path)}: an entry names block {height}, outside the run's blocks {From} to {To}");
        }

        return new IndexedTransaction(new TransactionLocation(height, (int)(index & 0x7FFF_FFFF)), (index & 0x8000_0000) != 0);
    }

    private static void Encode(Hash32 id, IndexedTransaction found, Span<byte> entry)
    {
        id.CopyTo(entry);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], found.Location.Height);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[40..], (uint)found.Location.Index | (found.Succeeded ? 0x8000_0000u : 0));
    }

    private static ulong Prefix(Hash32 id)
    {
        Span<byte> bytes = stackalloc byte[Hash32.Size];
        id.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    private static byte[] Header(ulong from, ulong to, long count, int interval, int fenceCount)
    {
        byte[] header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), from);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), to);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), (ulong)count);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(32), (uint)interval);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(36), (uint)fenceCount);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), XxHash64.HashToUInt64(header.AsSpan(0, 56)));
        return header;
    }

    private static TransactionRun? Refuse(SafeFileHandle file, string why, out string? problem)
    {
        file.Dispose();
        problem = why;
        return null;
    }

    public void Dispose() => _file.Dispose();
}
