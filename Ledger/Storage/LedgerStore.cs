using LiteDB;
using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary>
/// Committed blocks in LiteDB (one file, ledger.db, in the data directory). Each block is
/// written in one LiteDB transaction together with its transaction index and the head pointer,
/// so a process killed at any moment reopens at the last block whose transaction committed,
/// with nothing of a later block visible. Writes come from one thread; reads from any.
/// </summary>
public sealed class LedgerStore : IDisposable
{
    public const string FileName = "ledger.db";

    private const string HeadId = "head";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _blocks;
    private readonly ILiteCollection<BsonDocument> _transactions;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly object _writeLock = new();

    private LedgerStore(LiteDatabase database)
    {
        _database = database;
        _blocks = database.GetCollection("blocks");
        _transactions = database.GetCollection("transactions");
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
        return new LedgerStore(new LiteDatabase(connection));
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
    public ulong HeadHeight
    {
        get
        {
            BsonDocument? head = _meta.FindById(HeadId);
            return head is null ? 0 : (ulong)head["height"].AsInt64;
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
                _meta.Insert(new BsonDocument { ["_id"] = HeadId, ["height"] = 0L, ["genesis"] = genesisBlockId.ToArray() });
                _database.Checkpoint();
            }
        }
    }

    /// <summary>Writes one block, its transaction index and the new head in a single LiteDB transaction.</summary>
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
                _blocks.Insert(ToDocument(block));
                // A replayed transaction (same bytes, so same id) can appear again in a later block,
                // or twice in one, with a failed receipt; the index keeps its first location.
                var indexed = new HashSet<Hash32>();
                var fresh = transactionIds.Select((id, index) => (Id: id, Index: index))
                    .Where(t => indexed.Add(t.Id) && _transactions.FindById(t.Id.ToArray()) is null)
                    .ToList();
                if (fresh.Count > 0)
                {
                    _transactions.InsertBulk(fresh.Select(t => new BsonDocument
                    {
                        ["_id"] = t.Id.ToArray(),
                        ["h"] = (long)block.Height,
                        ["i"] = t.Index,
                    }));
                }

                BsonDocument meta = _meta.FindById(HeadId);
                meta["height"] = (long)block.Height;
                _meta.Update(meta);
                _database.Commit();
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
        BsonDocument? document = _transactions.FindById(transactionId.ToArray());
        if (document is null)
        {
            return null;
        }

        var location = new TransactionLocation((ulong)document["h"].AsInt64, document["i"].AsInt32);
        return location.Height <= HeadHeight ? location : null;
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
