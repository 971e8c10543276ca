using LiteDB;
using Ledger.Crypto;
using Ledger.Execution;

namespace Ledger.Storage;

/// <summary>
/// Committed blocks in LiteDB (one file, ledger.db, in the data directory). Each block is one
/// document, written in one LiteDB transaction together with the head pointer, so a process
/// killed at any moment reopens at the last block whose transaction committed, with nothing of a
/// later block visible. The id -> (height, index) lookup is an in-memory map rebuilt on open from
/// the transaction ids the receipts carry, because a LiteDB index entry per transaction cost
/// about 25 us each on commit. The block's byte strings are stored as arrays of binary chunks
/// (<see cref="ChunkedBytes"/>, documents in <see cref="BlockDocuments"/>), and every commit is
/// fsynced before Append returns. Writes come from one thread; reads from any.
/// </summary>
public sealed class LedgerStore : IDisposable
{
    public const string FileName = "ledger.db";

    /// <summary>Storage layout version, kept in the head document; a store of another layout is refused.</summary>
    public const int Layout = 3;

    private readonly LiteDatabase _database;
    private readonly string _logPath;
    private readonly ILiteCollection<BsonDocument> _blocks;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly object _writeLock = new();
    private readonly Lock _indexLock = new();
    private readonly Dictionary<Hash32, TransactionLocation> _transactionIndex = [];
    private readonly ChunkPool _chunkPool = new();

    // The committed head, read by any thread without touching LiteDB. Written after the block's
    // LiteDB transaction committed and its transactions were indexed.
    private long _headHeight;

    // The genesis the store is bound to (null until Initialise), so Append can rewrite the head
    // document without reading it back first.
    private Hash32? _genesis;

    private LedgerStore(LiteDatabase database, string logPath)
    {
        _database = database;
        _logPath = logPath;
        _blocks = database.GetCollection("blocks");
        _meta = database.GetCollection("meta");
    }

    public static LedgerStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var connection = new ConnectionString
        {
            Filename = Path.Combine(dataDirectory, FileName),
            Connection = ConnectionType.Direct,
        };
        var database = new LiteDatabase(connection);
        var store = new LedgerStore(database, Path.Combine(dataDirectory, Path.GetFileNameWithoutExtension(FileName) + "-log" + Path.GetExtension(FileName)));
        try
        {
            store.Load();
            return store;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    // Creates both collections before any reader can exist. LiteDB 5.0.21 resolves a collection
    // name through the shared header but reads its page from the reader's older snapshot, so a
    // read that overlaps the transaction creating the collection sees a zeroed page ("page type
    // must be collection page") and the engine shuts itself down (LiteDB issue 2792). With the
    // collections created and committed here, no commit ever creates one again.
    private void Load()
    {
        if (!_database.CollectionExists("blocks") || !_database.CollectionExists("meta"))
        {
            _blocks.EnsureIndex("id");
            _meta.EnsureIndex("genesis");
            _database.Checkpoint();
        }

        BsonDocument? head = _meta.FindById(BlockDocuments.HeadId);
        if (head is null)
        {
            return;
        }

        if (!head.TryGetValue("layout", out BsonValue layout) || layout.AsInt32 != Layout)
        {
            throw new StoreCorruptedException($"the store uses storage layout {(layout is null ? 1 : layout.AsInt32)}, this build reads layout {Layout}: re-create the data directory and resynchronise");
        }

        long height = head["height"].AsInt64;
        _genesis = new Hash32(head["genesis"].AsBinary);
        foreach (BsonDocument block in _blocks.Query().Where("_id <= @0", height).Select("{ _id: $._id, receipts: $.receipts }").ToEnumerable())
        {
            ulong blockHeight = (ulong)block["_id"].AsInt64;
            Hash32[] ids = BlockDocuments.ReadReceiptIds(BlockDocuments.ReadChunks(block, "receipts", blockHeight), out string? problem)
                ?? throw new StoreCorruptedException($"block {blockHeight}: {problem}");
            IndexTransactions(blockHeight, ids);
        }

        _headHeight = height;
    }

    /// <summary>The genesis fingerprint this store was created for, or null for a new store.</summary>
    public Hash32? GenesisBlockId
    {
        get
        {
            BsonDocument? head = _meta.FindById(BlockDocuments.HeadId);
            return head is null ? null : new Hash32(head["genesis"].AsBinary);
        }
    }

    /// <summary>Height of the last committed block; 0 when only genesis exists.</summary>
    public ulong HeadHeight => (ulong)Volatile.Read(ref _headHeight);

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
                _meta.Insert(BlockDocuments.HeadDocument(genesisBlockId, 0));
                _database.Checkpoint();
                _genesis = genesisBlockId;
            }
        }
    }

    /// <summary>
    /// Writes one block and the new head in a single LiteDB transaction. <paramref name="transactionIds"/>
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
            Hash32[] ids = BlockDocuments.ReadReceiptIds(block.ReceiptsChunks, out string? problem)
                ?? throw new ArgumentException($"block {block.Height}: {problem}", nameof(block));
            if (!BlockDocuments.SameIds(ids, transactionIds))
            {
                throw new ArgumentException($"block {block.Height}: the receipts do not name the given {transactionIds.Count} transaction ids in order", nameof(transactionIds));
            }

            Write(block, ids, genesis);
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
            var ids = new Hash32[result.Receipts.Count];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = result.Receipts[i].TransactionId;
            }

            StoredBlock block = StoredBlock.From(result, certificate, _chunkPool);
            try
            {
                Write(block, ids, genesis);
            }
            finally
            {
                // LiteDB copied the chunks into its pages during the insert; nothing else holds them.
                _chunkPool.Return(block.PayloadChunks);
                _chunkPool.Return(block.CertificateChunks);
                _chunkPool.Return(block.ReceiptsChunks);
                _chunkPool.Return(block.StateDiffChunks);
            }
        }
    }

    // Under the write lock: the height must extend the head of an initialised store.
    private Hash32 CheckNext(ulong height)
    {
        ulong head = HeadHeight;
        if (height != head + 1)
        {
            throw new InvalidOperationException($"cannot store height {height} on a head at {head}");
        }

        return _genesis ?? throw new InvalidOperationException("the store was not initialised with a genesis");
    }

    // Under the write lock: one LiteDB transaction for the block and the head, then the log fsync,
    // then the index and the head readers see.
    private void Write(StoredBlock block, Hash32[] ids, Hash32 genesis)
    {
        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
        }

        try
        {
            _blocks.Insert(BlockDocuments.ToDocument(block));
            if (!_meta.Update(BlockDocuments.HeadDocument(genesis, block.Height)))
            {
                throw new StoreCorruptedException("the head document disappeared from the store");
            }

            _database.Commit();
            SyncLog();
            IndexTransactions(block.Height, ids);
            Volatile.Write(ref _headHeight, (long)block.Height);
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    // LiteDB 5.0.21 commits by writing the transaction's pages to its log file (ledger-log.db) and
    // does not flush them to the device: it fsyncs only the data file, when a checkpoint copies the
    // log into it. A commit therefore survived the process being killed but not the machine losing
    // power. fsync acts on the file, not on the descriptor, so syncing the log through a handle of
    // our own makes the block durable before Append returns. If it fails the block may or may not
    // be on disk; the exception propagates, the head is not advanced, and the node must restart.
    private void SyncLog()
    {
        // No log file: nothing is waiting in one (LiteDB removes it only when it is empty).
        if (!File.Exists(_logPath))
        {
            return;
        }

        using var log = new FileStream(_logPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        log.Flush(flushToDisk: true);
    }

    public StoredBlock? GetBlock(ulong height)
    {
        if (height == 0 || height > HeadHeight)
        {
            return null;
        }

        BsonDocument? document = _blocks.FindById((long)height);
        return document is null ? null : BlockDocuments.FromDocument(document);
    }

    /// <summary>Committed blocks from <paramref name="fromHeight"/> up to the head, in order.</summary>
    public IEnumerable<StoredBlock> ReadBlocks(ulong fromHeight)
    {
        ulong head = HeadHeight;
        for (ulong height = Math.Max(1, fromHeight); height <= head; height++)
        {
            yield return GetBlock(height) ?? throw new StoreCorruptedException($"block {height} is missing below the head {head}");
        }
    }

    public TransactionLocation? FindTransaction(Hash32 transactionId)
    {
        lock (_indexLock)
        {
            return _transactionIndex.TryGetValue(transactionId, out TransactionLocation location) ? location : null;
        }
    }

    // A transaction id that was committed before keeps its first location (a replay is refused by
    // the ledger's rules, so this only matters for a transaction repeated after its window).
    private void IndexTransactions(ulong height, Hash32[] ids)
    {
        lock (_indexLock)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                _transactionIndex.TryAdd(ids[i], new TransactionLocation(height, i));
            }
        }
    }

    public void Dispose() => _database.Dispose();
}
