using System.IO.Hashing;
using LiteDB;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;
using Ledger.Storage.TransactionIds;

namespace Ledger.Storage;

/// <summary>
/// Committed blocks, storage layout 7: each block's byte strings (payload, certificate, receipts,
/// state diff) are one record appended to <see cref="BlockFile"/> (segment files in blocks/) and
/// flushed to the device; then a small index document (hashes, timestamp, the record's offset, length and
/// checksum) and the head pointer are written in one LiteDB transaction (ledger.db) and its log is
/// flushed. A block is committed exactly when that transaction is, so a process killed at any
/// moment reopens at the last block whose transaction committed; a record written after it is
/// cut off on open. LiteDB used to hold the byte strings as well, which wrote every byte three
/// times (its log, then its data file at a checkpoint) through page copies that cost more CPU
/// than executing the block's transfers took. The id -> (height, index) lookup is a
/// <see cref="TransactionIndex"/> built from the transaction ids the receipts carry: the newest
/// blocks' ids in memory, older ones in sorted run files (txindex/), because a LiteDB index entry
/// per transaction cost about 25 us each on commit (250 us measured again on a loaded machine,
/// with 3 ms lookups) and a map of every id grew with the chain. Opening reads only the newest
/// <see cref="VerifiedTailBlocks"/> records, so its time does not grow with the chain; blocks
/// below them that no run covers (at most a window's worth, unless the runs were lost or the
/// store predates them) are re-indexed by a background pass over the records, newest first
/// (<see cref="FindTransaction"/> waits for it only when the answer may still change). Writes
/// come from one thread; reads from any.
/// </summary>
public sealed partial class LedgerStore : IDisposable
{
    public const string FileName = "ledger.db";

    /// <summary>Storage layout version, kept in the head document; a store of another layout is refused.</summary>
    public const int Layout = 7;

    /// <summary>Index documents deleted per LiteDB transaction when pruning, so an append waits for one batch at most.</summary>
    public const int PruneBatch = 1_000;

    /// <summary>How many of the newest blocks open checks (index documents in sequence, records read back against their checksums and receipts).</summary>
    public const int VerifiedTailBlocks = 64;

    private readonly BlockIndex _index;
    private readonly object _writeLock = new();
    private readonly TransactionIndexOptions _transactionOptions;
    private readonly BlockFileOptions _fileOptions;
    private readonly IFileDurability _durability;
    private TransactionIndex? _transactions;
    private readonly ChunkPool _chunkPool = new();

    // Reused by every append (under the write lock): the record's header and checksum, its
    // hasher, and the list of buffers one gathered write takes.
    private readonly byte[] _recordHeader = new byte[BlockRecord.HeaderSize];
    private readonly byte[] _recordTrailer = new byte[BlockRecord.TrailerSize];
    private readonly XxHash3 _hasher = new();
    private readonly List<ReadOnlyMemory<byte>> _recordParts = [];

    // Opened by Load, once the committed end is known.
    private BlockFile? _file;

    // Why appends are refused: a write failed after the block file was touched, so whether that
    // block committed, and where the next record goes, is known only after reopening the store.
    private string? _failure;

    // The committed head, read by any thread without touching LiteDB. Written after the block's
    // LiteDB transaction committed and its transactions were indexed.
    private long _headHeight;

    // The genesis the store is bound to (null until Initialise), so Append can rewrite the head
    // document without reading it back first.
    private Hash32? _genesis;

    // The block a store installed from a snapshot starts above (null: a full store, from genesis).
    // Set at open or by InstallBase, before any block is appended; read by any thread.
    private volatile StoreBase? _base;

    // The background pass that indexes the transactions of the blocks below the checked tail
    // that no run covers, newest first, into runs; stopped by Dispose.
    private Task _indexing = Task.CompletedTask;
    private readonly CancellationTokenSource _stop = new();

    // Keeps every other opener out for as long as this store is open (see DirectoryLock for
    // what a second opener used to break).
    private readonly DirectoryLock _lock;

    // The store's folder (blocks/ and txindex/ are in it).
    private readonly string _directory;

    private LedgerStore(string directory, DirectoryLock directoryLock, BlockIndex index, IFileDurability durability, TransactionIndexOptions transactionOptions, BlockFileOptions fileOptions)
    {
        _directory = directory;
        _fileOptions = fileOptions;
        _lock = directoryLock;
        _index = index;
        _durability = durability;
        _transactionOptions = transactionOptions;
    }

    /// <summary>
    /// Opens (or creates) the store in <paramref name="dataDirectory"/> for this process alone:
    /// a <see cref="DirectoryLockedException"/> naming the holder if another opener has it.
    /// </summary>
    public static LedgerStore Open(string dataDirectory) => Open(dataDirectory, OsFileDurability.Instance);

    /// <summary>
    /// <see cref="Open(string)"/>; the folder, blocks.dat, ledger.db and LiteDB's log file are
    /// made durable as entries of their folders (flushed once each, when they may be new), not
    /// only as contents, through <paramref name="durability"/>.
    /// </summary>
    public static LedgerStore Open(string dataDirectory, IFileDurability durability) => Open(dataDirectory, durability, TransactionIndexOptions.Default);

    /// <summary><see cref="Open(string, IFileDurability)"/> with the transaction index's bounds.</summary>
    public static LedgerStore Open(string dataDirectory, IFileDurability durability, TransactionIndexOptions transactionIndex) =>
        Open(dataDirectory, durability, transactionIndex, BlockFileOptions.Default);

    /// <summary><see cref="Open(string, IFileDurability, TransactionIndexOptions)"/> with the block segments' size.</summary>
    public static LedgerStore Open(string dataDirectory, IFileDurability durability, TransactionIndexOptions transactionIndex, BlockFileOptions blockFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(durability);
        ArgumentNullException.ThrowIfNull(transactionIndex);
        ArgumentNullException.ThrowIfNull(blockFile);
        transactionIndex.Validate();
        blockFile.Validate();
        DurableFiles.CreateDirectory(dataDirectory, durability);
        DirectoryLock directoryLock = DirectoryLock.Acquire(dataDirectory, "ledger store");
        LedgerStore store;
        try
        {
            store = new LedgerStore(dataDirectory, directoryLock, BlockIndex.Open(dataDirectory, durability), durability, transactionIndex, blockFile);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }

        try
        {
            store.Load(dataDirectory, durability);

            // blocks/ and ledger.db may have just been created: their directory entries are
            // durable only once the folder is flushed (before any block is written into them).
            durability.FlushDirectory(Path.GetFullPath(dataDirectory));
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The layout this open migrated the store from (6), or null when it was already layout 7.</summary>
    public int? MigratedFromLayout { get; private set; }

    /// <summary>Index documents below the first stored height that an interrupted prune left and this open deleted.</summary>
    public long LeftoverIndexDocumentsRemoved { get; private set; }

    /// <summary>Segments below the first stored block's that an interrupted prune left and this open deleted.</summary>
    public int LeftoverSegmentsRemoved { get; private set; }

    /// <summary>Bytes of committed block records on disk (the segments from the oldest kept to the head's record).</summary>
    public long StoredBlockBytes => _file?.StoredBytes ?? 0;

    /// <summary>Segment files on disk.</summary>
    public int BlockSegments => _file?.SegmentCount ?? 0;

    /// <summary>Segments <see cref="Prune"/> deleted since open.</summary>
    public long PrunedSegments => Interlocked.Read(ref _prunedSegments);

    private long _prunedSegments;

    /// <summary>Block records open read (the checked tail), whatever the chain's length.</summary>
    public long RecordsReadAtOpen { get; private set; }

    /// <summary>Block records the background pass has indexed so far (blocks below the checked tail that no run covered).</summary>
    public long RecordsIndexedInBackground => Interlocked.Read(ref _recordsIndexedInBackground);

    private long _recordsIndexedInBackground;

    /// <summary>Completes when every committed block's transactions are in the transaction index.</summary>
    public Task TransactionIndexComplete => _indexing;

    /// <summary>Managed bytes the transaction index holds (its window and each run's fences): bounded by its options, not by the chain.</summary>
    public long TransactionIndexBytes => _transactions?.BytesHeld ?? 0;

    /// <summary>Run files the transaction index has open.</summary>
    public int TransactionIndexRuns => _transactions?.RunCount ?? 0;

    /// <summary>Completes when no window of the transaction index is being written out (tests and benches).</summary>
    public Task TransactionIndexSealing => _transactions?.Sealing ?? Task.CompletedTask;

    // The LiteDB head is authoritative: the block file is opened at the end of the head block's
    // record (cutting off a record whose transaction never committed) once the newest blocks'
    // index documents are known to be in sequence; their records are then read back and indexed,
    // and the older blocks are indexed in the background.
    private void Load(string dataDirectory, IFileDurability durability)
    {
        BsonDocument? head = _index.ReadHead();
        if (head is null)
        {
            // No genesis yet, so no block: anything in the block file was never committed.
            _file = BlockFile.Open(dataDirectory, 0, 0, durability, _fileOptions);
            _transactions = TransactionIndex.Open(dataDirectory, 0, _durability, _transactionOptions);
            return;
        }

        if (head.TryGetValue("layout", out BsonValue layout) && layout.AsInt32 == 6)
        {
            // Layout 6 is layout 7 in one segment: its block file becomes the segment at 0
            // (a rename), then the head records layout 7. A crash between the two leaves the
            // file moved and the head at 6, and this finishes it.
            BlockFile.MigrateLegacyFile(dataDirectory, durability);
            _index.WriteHead(new Hash32(head["genesis"].AsBinary), (ulong)head["height"].AsInt64, BlockDocuments.ReadBase(head));
            head = _index.ReadHead()!;
            layout = head["layout"];
            MigratedFromLayout = 6;
        }

        if (layout is null || layout.AsInt32 != Layout)
        {
            int found = layout is null ? 1 : layout.AsInt32;
            // Layouts before 5 hold chains whose state roots commit no receipts, layout 5 chains
            // whose roots commit no epoch or validator roster: their QCs sign roots this build never
            // computes, so such a chain cannot be migrated, only restarted.
            string why = found switch
            {
                < 5 => " (its blocks' state roots do not commit transaction and receipt roots, so no node of this build can follow that chain)",
                5 => " (its blocks' state roots do not commit the epoch and validator roster, so no node of this build can follow that chain)",
                _ => string.Empty,
            };
            throw new StoreCorruptedException($"the store uses storage layout {found}{why}, this build reads layout {Layout}: re-create the data directory and resynchronise");
        }

        ulong height = (ulong)head["height"].AsInt64;
        _genesis = new Hash32(head["genesis"].AsBinary);
        _base = BlockDocuments.ReadBase(head);
        ulong first = FirstHeight;
        if (height < first - 1)
        {
            throw new StoreCorruptedException($"the head is block {height}, below the snapshot base {first - 1} the store was installed from");
        }

        // A prune moves the head's first height before it deletes the index documents and the
        // segments below it; a crash in between leaves some of either, which go now.
        LeftoverIndexDocumentsRemoved = DeleteIndexBelow(first);

        // A store whose head is its base holds no committed record: whatever blocks/ holds is
        // an uncommitted record, or the old chain a replace (ReplaceWithBase) had not finished
        // deleting when it was interrupted.
        if (_base is not null && height < first)
        {
            LeftoverSegmentsRemoved = BlockFile.DeleteAllSegments(dataDirectory, durability);
        }

        ulong from = height >= first + VerifiedTailBlocks ? height - VerifiedTailBlocks + 1 : first;
        List<BlockIndexEntry> tail = CheckTail(height, from);
        _file = BlockFile.Open(dataDirectory, tail.Count == 0 ? 0 : tail[^1].End, height, durability, _fileOptions);
        if (height >= first)
        {
            BlockIndexEntry firstEntry = (from == first ? tail[0] : _index.Find(first))
                ?? throw new StoreCorruptedException($"block {first} (the first stored) has no index document");
            if (firstEntry.Offset < _file.Start)
            {
                throw new StoreCorruptedException($"block {first} (the first stored) has its record at byte {firstEntry.Offset}, below the oldest segment {BlockFile.SegmentName(_file.Start)}");
            }

            LeftoverSegmentsRemoved = _file.DropBelow(firstEntry.Offset).Segments;
        }

        // The runs cover the chain up to some height; the window takes the blocks above it, or
        // only the checked tail when the runs end further down (the rest is a gap to re-index).
        TransactionIndex transactions = TransactionIndex.Open(dataDirectory, height, _durability, _transactionOptions);
        _transactions = transactions;
        transactions.DropRunsBelow(first);
        if (from > transactions.WindowFrom)
        {
            transactions.StartWindowAt(from);
        }

        foreach (BlockIndexEntry entry in tail)
        {
            Receipt[] receipts = ReadReceipts(entry);
            if (entry.Height >= transactions.WindowFrom)
            {
                transactions.Add(entry.Height, receipts);
            }

            RecordsReadAtOpen++;
        }

        _headHeight = (long)height;
        // A store installed from a snapshot has no block below its first height to index.
        IReadOnlyList<(ulong From, ulong To)> gaps = [.. transactions.Gaps().Where(g => g.To >= first).Select(g => (Math.Max(g.From, first), g.To))];
        if (gaps.Count > 0)
        {
            CancellationToken stop = _stop.Token;
            _indexing = Task.Run(() => IndexGaps(gaps, stop), stop);
        }
    }

    // Checks that blocks `from` to the head each have an index document and that their records
    // follow one another (from the start of the block file when `from` is the first stored height), before anything is
    // cut off the file at the end of the last (the head block's record). A record below `from`
    // is checked when it is read (its checksum and its index document's fields).
    private List<BlockIndexEntry> CheckTail(ulong height, ulong from)
    {
        var tail = new List<BlockIndexEntry>();
        ulong expected = from;
        // A full store's first record is at byte 0; a pruned or installed one's first is wherever
        // its segment put it (checked against the oldest segment once the segments are open).
        long end = from == 1 ? 0 : -1;
        foreach (BlockIndexEntry entry in height < from ? [] : _index.Between(from, height))
        {
            if (entry.Height != expected)
            {
                throw new StoreCorruptedException($"block {expected} has no index document (the next is block {entry.Height})");
            }

            if ((end >= 0 ? entry.Offset != end : entry.Offset < 0) || entry.Length <= 0)
            {
                throw new StoreCorruptedException($"block {entry.Height}: its record is indexed at byte {entry.Offset} of the block records ({entry.Length} bytes), but the previous record ends at byte {Math.Max(end, 0)}");
            }

            expected++;
            end = entry.End;
            tail.Add(entry);
        }

        return height < from || expected == height + 1 ? tail : throw new StoreCorruptedException($"block {expected} has no index document, the head is block {height}");
    }

    // Reads a committed record back (checked against its index document) and its receipts. The
    // chunks come from the pool and go back to it.
    private Receipt[] ReadReceipts(BlockIndexEntry entry)
    {
        StoredBlock block = BlockRecord.Read(_file!, entry, _chunkPool);
        Receipt[] receipts = BlockDocuments.ReadReceipts(block.ReceiptsChunks, out string? problem)
            ?? throw new StoreCorruptedException($"block {entry.Height}: {problem}");
        ReturnChunks(block);
        return receipts;
    }

    // Re-indexes the blocks no run covers, newest gap first and each from its top down, a run
    // of at most a window's blocks (or ids) at a time, so the newest blocks are found first and
    // the memory held is one window's. A damaged record stops the pass (the task faults) and
    // FindTransaction reports it.
    private void IndexGaps(IReadOnlyList<(ulong From, ulong To)> gaps, CancellationToken stop)
    {
        const ulong Batch = 256;
        foreach ((ulong gapFrom, ulong gapTo) in gaps)
        {
            ulong runTop = gapTo;
            var ids = new Dictionary<Hash32, IndexedTransaction>();
            for (ulong high = gapTo; high >= gapFrom && !stop.IsCancellationRequested; high = high > Batch ? high - Batch : 0)
            {
                ulong low = Math.Max(gapFrom, high > Batch ? high - Batch + 1 : 1);
                List<BlockIndexEntry> entries = [.. _index.Between(low, high)];
                if ((ulong)entries.Count != high - low + 1)
                {
                    throw new StoreCorruptedException($"blocks {low} to {high}: {entries.Count} index documents for {high - low + 1} blocks");
                }

                for (int i = entries.Count - 1; i >= 0 && !stop.IsCancellationRequested; i--)
                {
                    ulong at = entries[i].Height;
                    StoredBlock block = BlockRecord.Read(_file!, entries[i], pool: null);
                    Receipt[] receipts = BlockDocuments.ReadReceipts(block.ReceiptsChunks, out string? problem)
                        ?? throw new StoreCorruptedException($"block {at}: {problem}");
                    for (int r = 0; r < receipts.Length; r++)
                    {
                        IndexedTransaction.Keep(ids, receipts[r].TransactionId, new IndexedTransaction(new TransactionLocation(at, r), receipts[r].Succeeded));
                    }

                    Interlocked.Increment(ref _recordsIndexedInBackground);
                    if (runTop - at + 1 >= (ulong)_transactionOptions.RunBlocks || ids.Count >= _transactionOptions.RunTransactions || at == gapFrom)
                    {
                        _transactions!.WriteRun(at, runTop, ids, stop);
                        _transactions.MergeWhileNeeded(stop);
                        ids = [];
                        runTop = at - 1;
                    }
                }
            }
        }
    }

    /// <summary>The genesis fingerprint this store was created for, or null for a new store.</summary>
    public Hash32? GenesisBlockId
    {
        get
        {
            BsonDocument? head = _index.ReadHead();
            return head is null ? null : new Hash32(head["genesis"].AsBinary);
        }
    }

    /// <summary>Height of the last committed block; 0 when only genesis exists.</summary>
    public ulong HeadHeight => (ulong)Volatile.Read(ref _headHeight);

    /// <summary>
    /// The lowest height whose block this store holds: 1 for a full store, the snapshot's height
    /// + 1 for a store installed from a snapshot (<see cref="InstallBase"/>). Blocks below it are
    /// answered with <see cref="BlockNotStoredException"/>.
    /// </summary>
    public ulong FirstHeight => _base is { } b ? b.Height + 1 : 1;

    /// <summary>The snapshot base this store was installed from, or null for a full store.</summary>
    public StoreBase? Base => _base;

    /// <summary>
    /// Makes this store, bound to its genesis and holding no block, start above
    /// <paramref name="storeBase"/>: its head becomes the base's height and its first stored height
    /// the next, durably (one LiteDB transaction, flushed). The caller has verified the base's
    /// commit evidence and put a snapshot of the base's state in the snapshots folder first, so a
    /// crash before this leaves an empty store (and a snapshot above its head, which open passes
    /// over), and after it a store that opens from that snapshot.
    /// </summary>
    public void InstallBase(StoreBase storeBase)
    {
        ArgumentNullException.ThrowIfNull(storeBase);
        ArgumentOutOfRangeException.ThrowIfLessThan(storeBase.Height, 1UL);
        if (storeBase.Header.Height != storeBase.Height)
        {
            throw new ArgumentException($"the base's state header is for height {storeBase.Header.Height}, not {storeBase.Height}", nameof(storeBase));
        }

        lock (_writeLock)
        {
            Hash32 genesis = _genesis ?? throw new InvalidOperationException("the store was not initialised with a genesis");
            if (HeadHeight != 0 || _base is not null)
            {
                throw new InvalidOperationException($"a snapshot base can only be installed into a store with no block; this one's head is {HeadHeight}");
            }

            _index.WriteHead(genesis, storeBase.Height, storeBase);
            _base = storeBase;

            // The transaction-id index's window starts at the first stored block.
            _transactions?.StartWindowAt(storeBase.Height + 1);
            Volatile.Write(ref _headHeight, (long)storeBase.Height);
        }
    }

    /// <summary>Binds a new store to its genesis; refuses a store made for another genesis.</summary>
    public void Initialise(Hash32 genesisBlockId)
    {
        lock (_writeLock)
        {
            Hash32? existing = GenesisBlockId;
            if (existing is { } id && id != genesisBlockId)
            {
                throw new StoreCorruptedException($"the data directory belongs to genesis {id.ToShortHex()}, not {genesisBlockId.ToShortHex()}");
            }

            if (existing is null)
            {
                _index.InsertHead(genesisBlockId);
                _genesis = genesisBlockId;
            }
        }
    }

    /// <summary>
    /// Writes one block: its record to the block file, then its index document and the new head in
    /// a single LiteDB transaction. <paramref name="transactionIds"/>
    /// are the payload's ids in order; they must be the ids the receipts name (the index is rebuilt
    /// from the receipts on open, so a mismatch would change the index across a restart).
    /// </summary>
    public void Append(StoredBlock block, IReadOnlyList<Hash32> transactionIds)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(transactionIds);
        lock (_writeLock)
        {
            Hash32 genesis = CheckNext(block.Height);
            Receipt[] receipts = BlockDocuments.ReadReceipts(block.ReceiptsChunks, out string? problem)
                ?? throw new ArgumentException($"block {block.Height}: {problem}", nameof(block));
            if (!BlockDocuments.SameIds(receipts, transactionIds))
            {
                throw new ArgumentException($"block {block.Height}: the receipts do not name the given {transactionIds.Count} transaction ids in order", nameof(transactionIds));
            }

            Write(block, receipts, genesis);
        }
    }

    /// <summary>
    /// Writes an executed block with its (opaque) certificate, exactly as
    /// <c>Append(StoredBlock.From(result, certificate), ids)</c> would, but encodes it into chunks
    /// that are reused from block to block (they never leave the store), and takes the ids from the
    /// receipts it writes.
    /// </summary>
    public void Append(ExecutionResult result, ReadOnlySpan<byte> certificate)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_writeLock)
        {
            Hash32 genesis = CheckNext(result.Height);
            StoredBlock block = StoredBlock.From(result, certificate, _chunkPool);
            try
            {
                Write(block, result.Receipts, genesis);
            }
            finally
            {
                // The chunks were written to the block file; nothing else holds them.
                ReturnChunks(block);
            }
        }
    }

    // Under the write lock: the height must extend the head of an initialised store that has not
    // failed a write.
    private Hash32 CheckNext(ulong height)
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException($"the store refuses appends: {failure}");
        }

        ulong head = HeadHeight;
        if (height != head + 1)
        {
            throw new InvalidOperationException($"cannot store height {height} on a head at {head}");
        }

        return _genesis ?? throw new InvalidOperationException("the store was not initialised with a genesis");
    }

    private void ReturnChunks(StoredBlock block)
    {
        _chunkPool.Return(block.PayloadChunks);
        _chunkPool.Return(block.CertificateChunks);
        _chunkPool.Return(block.ReceiptsChunks);
        _chunkPool.Return(block.StateDiffChunks);
    }

    // Under the write lock: the record to the block file and the device, then one LiteDB
    // transaction for the index document and the head, then the log fsync, then the index and
    // the head readers see. Any failure from here on leaves the store refusing appends: the
    // record may be on disk with or without its transaction (the fsync of either may have
    // failed after the write), and retrying an fsync that failed does not make the data durable.
    private void Write(StoredBlock block, IReadOnlyList<Receipt> receipts, Hash32 genesis)
    {
        BlockFile file = _file!;
        long offset = file.End;
        long length = BlockRecord.Length(block);
        try
        {
            ulong checksum = BlockRecord.Gather(block, _recordHeader, _recordTrailer, _hasher, _recordParts);
            file.Write(_recordParts);
            _index.Commit(BlockDocuments.IndexDocument(block, offset, length, checksum), genesis, block.Height, _base);
            file.Advance(length);
        }
        catch (Exception e)
        {
            _failure = $"writing block {block.Height} failed ({e.Message}); whether it committed is known only after reopening the store";
            throw;
        }
        finally
        {
            _recordParts.Clear();
        }

        _transactions!.Add(block.Height, receipts);
        Volatile.Write(ref _headHeight, (long)block.Height);
    }

    /// <summary>
    /// The committed block at <paramref name="height"/>, or null at 0 or above the head; below
    /// <see cref="FirstHeight"/> a <see cref="BlockNotStoredException"/>.
    /// </summary>
    public StoredBlock? GetBlock(ulong height)
    {
        if (height == 0 || height > HeadHeight)
        {
            return null;
        }

        ThrowIfNotStored(height);
        try
        {
            BlockIndexEntry entry = _index.Find(height)
                ?? throw new StoreCorruptedException($"block {height} has no index document below the head {HeadHeight}");
            return BlockRecord.Read(_file!, entry, pool: null);
        }
        catch (Exception e) when (e is StoreCorruptedException or ObjectDisposedException && height < FirstHeight)
        {
            // Pruned while it was being read: its index document or its segment went.
            throw new BlockNotStoredException(height, FirstHeight);
        }
    }

    /// <summary>The block id and state root committed at <paramref name="height"/> (from its index document, no record read), or null above the head.</summary>
    public (Hash32 BlockId, Hash32 StateRoot)? CommittedRoot(ulong height)
    {
        if (height == 0 || height > HeadHeight)
        {
            return null;
        }

        if (_base is { } b && height <= b.Height)
        {
            return height == b.Height ? (b.BlockId, b.StateRoot) : null;
        }

        return _index.Find(height) is { } entry ? (entry.BlockId, entry.Header.Root) : null;
    }

    /// <summary>
    /// The state header committed at <paramref name="height"/> (from its index document, no record
    /// read; the base's at the base height of an installed store), or null at 0, above the head or
    /// below the store's base.
    /// </summary>
    public StateHeader? CommittedHeader(ulong height)
    {
        if (height == 0 || height > HeadHeight)
        {
            return null;
        }

        if (_base is { } b && height <= b.Height)
        {
            return height == b.Height ? b.Header : null;
        }

        return _index.Find(height)?.Header;
    }

    /// <summary>Committed blocks from <paramref name="fromHeight"/> up to the head, in order.</summary>
    public IEnumerable<StoredBlock> ReadBlocks(ulong fromHeight)
    {
        ThrowIfNotStored(Math.Max(1, fromHeight));
        ulong head = HeadHeight;
        for (ulong height = Math.Max(1, fromHeight); height <= head; height++)
        {
            yield return GetBlock(height) ?? throw new StoreCorruptedException($"block {height} is missing below the head {head}");
        }
    }

    /// <summary>
    /// Where a committed transaction sits, from the transaction index (no block read). While the
    /// background pass is still indexing older blocks, an id not found yet, or found only as a
    /// failed occurrence, may have an answer below: this waits for the pass to finish (once per
    /// store, right after open) unless <paramref name="waitForOlderBlocks"/> is false, when it
    /// answers from the blocks indexed so far (the newest first, so admission's replay-window
    /// check is exact as soon as that window is indexed; the seen-set guards money regardless).
    /// </summary>
    public TransactionLocation? FindTransaction(Hash32 transactionId, bool waitForOlderBlocks = true)
    {
        IndexedTransaction? found = _transactions!.Find(transactionId);
        if (found is { Succeeded: true } || !waitForOlderBlocks || _indexing.IsCompleted && !_indexing.IsFaulted)
        {
            return found?.Location;
        }

        try
        {
            _indexing.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new ObjectDisposedException(nameof(LedgerStore));
        }

        return _transactions.Find(transactionId)?.Location;
    }

    /// <summary>
    /// <see cref="FindTransaction"/> for a caller that will read the block: a transaction committed
    /// below <see cref="FirstHeight"/> (the index keeps a run of heights whole when it reaches the
    /// first stored block, so it can still say where) is a <see cref="TransactionNotStoredException"/>
    /// naming its block, not a location whose block cannot be read.
    /// </summary>
    public TransactionLocation? FindStoredTransaction(Hash32 transactionId)
    {
        TransactionLocation? location = FindTransaction(transactionId);
        ulong first = FirstHeight;
        return location is { } found && found.Height < first
            ? throw new TransactionNotStoredException(transactionId, found.Height, first)
            : location;
    }

    /// <summary>The height of a committed block by its id (through ledger.db's index on block ids), or null.</summary>
    public ulong? HeightOfBlock(Hash32 blockId)
    {
        if (_base is { } b && b.BlockId == blockId)
        {
            return b.Height;
        }

        ulong? height = _index.HeightOf(blockId);
        return height is { } h && h >= FirstHeight && h <= HeadHeight ? h : null;
    }

    private void ThrowIfNotStored(ulong height)
    {
        if (height < FirstHeight)
        {
            throw new BlockNotStoredException(height, FirstHeight);
        }
    }

    public void Dispose()
    {
        // The background pass reads the block file and ledger.db: stopped before they close.
        _stop.Cancel();
        try
        {
            _indexing.Wait();
        }
        catch (AggregateException)
        {
            // Cancelled, or it found a damaged record, which FindTransaction reported.
        }

        _stop.Dispose();
        _transactions?.Dispose();
        _index.Dispose();
        _file?.Dispose();

        // Last: another opener may start the moment the lock goes.
        _lock.Dispose();
    }
}
