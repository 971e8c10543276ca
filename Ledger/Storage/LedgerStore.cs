using LiteDB;
using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary>
/// Committed blocks in LiteDB (one file, ledger.db, in the data directory). Each block is one
/// document, written in one LiteDB transaction together with the head pointer, so a process
/// killed at any moment reopens at the last block whose transaction committed, with nothing of a
/// later block visible. The block document carries its transaction ids; the id -> (height, index)
/// lookup is an in-memory map rebuilt from them on open, because a LiteDB index entry per
/// transaction cost about 25 us each on commit. Writes come from one thread; reads from any.
/// </summary>
public sealed class LedgerStore : IDisposable
{
    public const string FileName = "ledger.db";

    /// <summary>Storage layout version, kept in the head document; a store of another layout is refused.</summary>
    public const int Layout = 2;

    private const string HeadId = "head";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _blocks;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly object _writeLock = new();
    private readonly Lock _indexLock = new();
    private readonly Dictionary<Hash32, TransactionLocation> _transactionIndex = [];

    // The committed head, read by any thread without touching LiteDB. Written after the block's
    // LiteDB transaction committed and its transactions were indexed.
    private long _headHeight;

    private LedgerStore(LiteDatabase database)
    {
        _database = database;
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
        var store = new LedgerStore(database);
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

        BsonDocument? head = _meta.FindById(HeadId);
        if (head is null)
        {
            return;
        }

        if (!head.TryGetValue("layout", out BsonValue layout) || layout.AsInt32 != Layout)
        {
            throw new StoreCorruptedException($"the store uses storage layout {(layout is null ? 1 : layout.AsInt32)}, this build reads layout {Layout}: re-create the data directory and resynchronise");
        }

        long height = head["height"].AsInt64;
        foreach (BsonDocument block in _blocks.Query().Where("_id <= @0", height).Select("{ _id: $._id, txs: $.txs }").ToEnumerable())
        {
            IndexTransactions((ulong)block["_id"].AsInt64, block["txs"].AsBinary);
        }

        _headHeight = height;
    }

    /// <summary>The genesis fingerprint this store was created for, or null for a new store.</summary>
    public Hash32? GenesisBlockId
    {
        get
        {
            BsonDocument? head = _meta.FindById(HeadId);
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
                _meta.Insert(new BsonDocument { ["_id"] = HeadId, ["height"] = 0L, ["genesis"] = genesisBlockId.ToArray(), ["layout"] = Layout });
                _database.Checkpoint();
            }
        }
    }

    /// <summary>Writes one block (with its transaction ids) and the new head in a single LiteDB transaction.</summary>
    public void Append(StoredBlock block, IReadOnlyList<Hash32> transactionIds)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(transactionIds);
        lock (_writeLock)
        {
            ulong head = HeadHeight;
            if (block.Height != head + 1)
            {
                throw new InvalidOperationException($"cannot store height {block.Height} on a head at {head}");
            }

            if (!_database.BeginTrans())
            {
                throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
            }

            try
            {
                byte[] ids = new byte[transactionIds.Count * Hash32.Size];
                for (int i = 0; i < transactionIds.Count; i++)
                {
                    transactionIds[i].CopyTo(ids.AsSpan(i * Hash32.Size));
                }

                BsonDocument document = ToDocument(block);
                document["txs"] = ids;
                _blocks.Insert(document);
                BsonDocument meta = _meta.FindById(HeadId) ?? throw new InvalidOperationException("the store was not initialised with a genesis");
                meta["height"] = (long)block.Height;
                _meta.Update(meta);
                _database.Commit();
                IndexTransactions(block.Height, ids);
                Volatile.Write(ref _headHeight, (long)block.Height);
            }
            catch
            {
                _database.Rollback();
                throw;
            }
        }
    }

    public StoredBlock? GetBlock(ulong height)
    {
        if (height == 0 || height > HeadHeight)
        {
            return null;
        }

        BsonDocument? document = _blocks.FindById((long)height);
        return document is null ? null : FromDocument(document);
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
    private void IndexTransactions(ulong height, ReadOnlySpan<byte> ids)
    {
        if (ids.Length % Hash32.Size != 0)
        {
            throw new StoreCorruptedException($"block {height}: transaction id list of {ids.Length} bytes is not a multiple of {Hash32.Size}");
        }

        lock (_indexLock)
        {
            for (int i = 0; i * Hash32.Size < ids.Length; i++)
            {
                _transactionIndex.TryAdd(new Hash32(ids.Slice(i * Hash32.Size, Hash32.Size)), new TransactionLocation(height, i));
            }
        }
    }

    public void Dispose() => _database.Dispose();

    private static BsonDocument ToDocument(StoredBlock block) => new()
    {
        ["_id"] = (long)block.Height,
        ["id"] = block.BlockId.ToArray(),
        ["parent"] = block.ParentBlockId.ToArray(),
        ["ts"] = block.TimestampMs,
        ["txRoot"] = block.TxRoot.ToArray(),
        ["stateRoot"] = block.StateRoot.ToArray(),
        ["payload"] = block.Payload,
        ["certificate"] = block.Certificate,
        ["receipts"] = block.Receipts,
        ["diff"] = block.StateDiff,
    };

    private static StoredBlock FromDocument(BsonDocument d) => new(
        (ulong)d["_id"].AsInt64,
        new Hash32(d["id"].AsBinary),
        new Hash32(d["parent"].AsBinary),
        d["ts"].AsInt64,
        new Hash32(d["txRoot"].AsBinary),
        new Hash32(d["stateRoot"].AsBinary),
        d["payload"].AsBinary,
        d["certificate"].AsBinary,
        d["receipts"].AsBinary,
        d["diff"].AsBinary);
}
