namespace Ledger.Storage;

/// <summary><see cref="LedgerStore"/>'s pruning: dropping whole block segments below a kept block, crash-ordered (<c>storage.keepBlocks</c>).</summary>
public sealed partial class LedgerStore
{
    /// <summary>
    /// Drops the oldest blocks whose records fill whole segments below block
    /// <paramref name="keepFrom"/>'s (never the head's): the first stored height moves up to the
    /// first block of the segment that holds <paramref name="keepFrom"/>'s record, and the block
    /// below it becomes the store's base (its id, state header and certificate, as an installed
    /// store's). In this order, each step durable before the next: (1) the head document records
    /// the new base, so from here on every query below it is answered with
    /// <see cref="BlockNotStoredException"/> and a restart needs a snapshot at or above it (the
    /// caller passes a height no higher than the snapshot it keeps); (2) the index documents below
    /// it are deleted, <see cref="PruneBatch"/> per transaction; (3) the transaction-id runs wholly
    /// below it; (4) the segment files. A crash after (1) leaves some of (2) to (4), which the
    /// next open deletes. Runs on any thread beside the writer: each step holds the write lock for
    /// one bounded piece of work. Returns what went (nothing when no whole segment is below).
    /// </summary>
    public PruneResult Prune(ulong keepFrom)
    {
        StoreBase newBase;
        long boundary;
        lock (_writeLock)
        {
            BlockFile file = _file!;
            ulong head = HeadHeight;
            keepFrom = Math.Min(keepFrom, head);

            // The background pass re-indexing older blocks reads their records: a prune waits for
            // the next call rather than pull them from under it.
            if (_failure is not null || keepFrom <= FirstHeight || !_indexing.IsCompleted)
            {
                return PruneResult.Nothing(FirstHeight);
            }

            BlockIndexEntry keep = _index.Find(keepFrom) ?? throw new StoreCorruptedException($"block {keepFrom} has no index document below the head {head}");
            boundary = file.SegmentStartOf(keep.Offset);
            if (boundary <= file.Start)
            {
                return PruneResult.Nothing(FirstHeight);
            }

            ulong newFirst = file.HeightAt(boundary);
            BlockIndexEntry first = _index.Find(newFirst) ?? throw new StoreCorruptedException($"block {newFirst} has no index document below the head {head}");
            if (first.Offset != boundary || newFirst <= FirstHeight || newFirst > keepFrom)
            {
                throw new StoreCorruptedException($"segment {BlockFile.SegmentName(boundary)} starts with the record of block {newFirst}, whose index document puts it at byte {first.Offset}");
            }

            StoredBlock below = GetBlock(newFirst - 1) ?? throw new StoreCorruptedException($"block {newFirst - 1} is missing below the head {head}");
            newBase = new StoreBase(below.Height, below.BlockId, below.Header, below.Certificate);
            _index.WriteHead(_genesis!.Value, head, newBase);
            _base = newBase;
        }

        long documents = DeleteIndexBelow(newBase.Height + 1);
        _transactions!.DropRunsBelow(newBase.Height + 1);
        (int segments, long bytes) dropped;
        lock (_writeLock)
        {
            dropped = _file!.DropBelow(boundary);
        }

        Interlocked.Add(ref _prunedSegments, dropped.segments);
        return new PruneResult(newBase.Height + 1, dropped.segments, dropped.bytes, documents);
    }

    // Deletes the index documents below `first`, one bounded transaction at a time under the
    // write lock; returns how many.
    private long DeleteIndexBelow(ulong first)
    {
        long total = 0;
        while (true)
        {
            int deleted;
            lock (_writeLock)
            {
                deleted = _index.DeleteBelow(first, PruneBatch);
            }

            if (deleted == 0)
            {
                return total;
            }

            total += deleted;
        }
    }
}
