using Microsoft.Win32.SafeHandles;

namespace Ledger.Storage;

/// <summary>
/// The append-only file of block records (<see cref="BlockRecord"/>) next to ledger.db. LiteDB's
/// head is authoritative: on open, bytes past the committed end (the end of the head block's
/// record) are a record that was written but whose LiteDB transaction never committed, or a torn
/// write, and are cut off; a file shorter than the committed end lost committed blocks and is
/// refused. Records are written at <see cref="End"/> and flushed to the device before the
/// block's LiteDB transaction, which then makes them committed; <see cref="End"/> moves only
/// after that. Reads (pread) are safe on any thread while one thread writes.
/// </summary>
internal sealed class BlockFile : IDisposable
{
    public const string FileName = "blocks.dat";

    private readonly SafeFileHandle _handle;
    private readonly IFileDurability _durability;

    // Moved by the writer after a commit, read by readers of any thread.
    private long _end;

    private BlockFile(SafeFileHandle handle, long end, long truncated, IFileDurability durability)
    {
        _handle = handle;
        _durability = durability;
        _end = end;
        TruncatedBytes = truncated;
    }

    /// <summary>The committed end: where the next record goes.</summary>
    public long End => Volatile.Read(ref _end);

    /// <summary>How many uncommitted bytes Open cut off the end of the file.</summary>
    public long TruncatedBytes { get; }

    /// <summary>
    /// Opens (or creates, for a store with no block yet) the block file of <paramref name="dataDirectory"/>
    /// whose committed records end at <paramref name="committedEnd"/>, the end of block
    /// <paramref name="headHeight"/>'s record.
    /// </summary>
    public static BlockFile Open(string dataDirectory, long committedEnd, ulong headHeight, IFileDurability durability)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (committedEnd > 0 && !File.Exists(path))
        {
            throw new StoreCorruptedException($"{FileName} is missing, but the records of blocks 1 to {headHeight} (the head) are committed in it, ending at byte {committedEnd}");
        }

        // Created here, at the first open of a new store, long before a block is written into it;
        // LedgerStore.Open flushes the folder once this and ledger.db exist, so the new file's
        // directory entry is durable before the first block. Were it ever lost, the next open
        // would refuse the store (file missing) rather than read a chain without blocks.
        SafeFileHandle handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length < committedEnd)
            {
                throw new StoreCorruptedException($"{FileName} is {length} bytes, but the record of block {headHeight} (the head) ends at byte {committedEnd}: committed blocks are missing from it");
            }

            if (length > committedEnd)
            {
                CheckTail(handle, committedEnd, length - committedEnd, headHeight);
                RandomAccess.SetLength(handle, committedEnd);
                durability.FlushFile(handle);
            }

            return new BlockFile(handle, committedEnd, length - committedEnd, durability);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // A crash leaves at most the record of block head + 1 past the committed end, perhaps torn (its
    // header may not even have reached the disk). A tail that starts with a whole header of another
    // block, or that is longer than the record of head + 1 it starts with, was not left by a
    // crash: this ledger.db does not belong with this block file (an older one restored beside a
    // newer file, say), and cutting the tail off would destroy blocks.
    private static void CheckTail(SafeFileHandle handle, long end, long tail, ulong headHeight)
    {
        Span<byte> header = stackalloc byte[BlockRecord.HeaderSize];
        if (tail < header.Length || RandomAccess.Read(handle, header, end) < header.Length)
        {
            return;
        }

        Span<int> lengths = stackalloc int[4];
        if (BlockRecord.TryReadHeader(header, lengths, out uint layout, out ulong height, out long length)
            && (layout != LedgerStore.Layout || height != headHeight + 1 || tail > length))
        {
            throw new StoreCorruptedException($"{FileName} holds {tail} bytes past the head block {headHeight}'s record, starting with the record of block {height} (layout {layout}, {length} bytes): more than the one uncommitted record a crash leaves; ledger.db does not belong with this block file");
        }
    }

    /// <summary>
    /// Writes one record (the concatenation of <paramref name="parts"/>) at <see cref="End"/> and flushes the file to the device; does not move <see cref="End"/>.
    /// </summary>
    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        RandomAccess.Write(_handle, parts, End);
        _durability.FlushFile(_handle);
    }

    /// <summary>The record of <paramref name="length"/> bytes last written is committed: the next one goes after it.</summary>
    public void Advance(long length) => Volatile.Write(ref _end, _end + length);

    /// <summary>Reads into <paramref name="destination"/> from <paramref name="offset"/>; returns the bytes read (fewer at the end of the file).</summary>
    public int Read(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(_handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Reads into <paramref name="destinations"/> in order from <paramref name="offset"/>; returns the bytes read (fewer at the end of the file).</summary>
    public long Read(long offset, IReadOnlyList<Memory<byte>> destinations)
    {
        // One preadv normally fills everything; a short read (a signal, a kernel limit) is
        // finished buffer by buffer.
        long total = RandomAccess.Read(_handle, destinations, offset);
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

    public void Dispose() => _handle.Dispose();
}
