using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary><see cref="LedgerStore"/>'s replace: a store far behind gives up its blocks for a verified snapshot base above its head, crash-ordered.</summary>
public sealed partial class LedgerStore
{
    /// <summary>
    /// Makes this store, whose head is below <paramref name="storeBase"/>, start above the base as a
    /// store installed from a snapshot does (<see cref="InstallBase"/>): every block it holds goes.
    /// The caller has verified the base's commit evidence and made a snapshot of the base's state
    /// durable in the snapshots folder first, so a crash before step 1 leaves the old store (and a
    /// snapshot above its head, which open passes over). In this order, each step durable before
    /// the next: (1) the head document records the base as the head and the store's base (one
    /// flushed LiteDB transaction): from here on it is the new store, every query below the base
    /// answers <see cref="BlockNotStoredException"/>; (2) the transaction-id index forgets every
    /// block (its run files deleted); (3) the index documents below the base go,
    /// <see cref="PruneBatch"/> per transaction; (4) every segment file goes and an empty one
    /// starts the new store's records. A crash after (1) leaves some of (2) to (4), which the next
    /// open deletes (a store whose head is its base holds no record, so open deletes every
    /// segment). Waits for the background pass that indexes older blocks first; the caller's
    /// thread is the store's writer (no append runs meanwhile).
    /// </summary>
    /// <returns>What went: the index documents and the segments.</returns>
    public PruneResult ReplaceWithBase(StoreBase storeBase)
    {
        ArgumentNullException.ThrowIfNull(storeBase);
        if (storeBase.Header.Height != storeBase.Height)
        {
            throw new ArgumentException($"the base's state header is for height {storeBase.Header.Height}, not {storeBase.Height}", nameof(storeBase));
        }

        // The pass reads the records this deletes and writes runs this drops.
        try
        {
            _indexing.GetAwaiter().GetResult();
        }
        catch (StoreCorruptedException)
        {
            // A damaged old record stopped it: those blocks are going anyway.
        }

        lock (_writeLock)
        {
            Hash32 genesis = _genesis ?? throw new InvalidOperationException("the store was not initialised with a genesis");
            if (_failure is { } failure)
            {
                throw new InvalidOperationException($"the store refuses writes: {failure}");
            }

            if (storeBase.Height <= HeadHeight)
            {
                throw new InvalidOperationException($"a snapshot base replaces only a store below it; this one's head is {HeadHeight}, the base {storeBase.Height}");
            }

            _index.WriteHead(genesis, storeBase.Height, storeBase);
            _base = storeBase;
            Volatile.Write(ref _headHeight, (long)storeBase.Height);
            _transactions!.RestartAt(storeBase.Height + 1);
        }

        long documents = DeleteIndexBelow(storeBase.Height + 1);
        BlockFile old;
        lock (_writeLock)
        {
            // A reader that took the old file gets an ObjectDisposedException, which GetBlock
            // answers as a block no longer stored.
            old = _file!;
            old.Dispose();
            BlockFile.DeleteAllSegments(_directory, _durability);
            _file = BlockFile.Open(_directory, 0, storeBase.Height, _durability, _fileOptions);
        }

        Interlocked.Add(ref _prunedSegments, old.SegmentCount);
        return new PruneResult(storeBase.Height + 1, old.SegmentCount, old.StoredBytes, documents);
    }
}
