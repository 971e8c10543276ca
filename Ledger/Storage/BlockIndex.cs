using LiteDB;
using Microsoft.Win32.SafeHandles;
using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary>
/// The LiteDB side of the store (ledger.db): the head document (height, genesis, layout) and one
/// small index document per committed block (<see cref="BlockIndexEntry"/>). A block is committed
/// when the transaction that inserts its index document and moves the head commits, and that
/// commit is flushed to the device before <see cref="Commit"/> returns.
/// </summary>
internal sealed class BlockIndex : IDisposable
{
    private readonly LiteDatabase _database;
    private readonly string _logPath;
    private readonly IFileDurability _durability;

    // Whether the log file's directory entry has been flushed since this store opened (LiteDB
    // creates the log at the first write after an open and deletes it when it closes; while
    // open it truncates the log in place at checkpoints, so one flush per open covers it).
    private bool _logEntryDurable;
    private readonly ILiteCollection<BsonDocument> _blocks;
    private readonly ILiteCollection<BsonDocument> _meta;

    private BlockIndex(LiteDatabase database, string logPath, IFileDurability durability)
    {
        _database = database;
        _logPath = logPath;
        _durability = durability;
        _blocks = database.GetCollection("blocks");
        _meta = database.GetCollection("meta");
    }

    public static BlockIndex Open(string dataDirectory, IFileDurability durability)
    {
        var connection = new ConnectionString
        {
            Filename = Path.Combine(dataDirectory, LedgerStore.FileName),
            Connection = ConnectionType.Direct,
        };
        var database = new LiteDatabase(connection);
        string logPath = Path.Combine(dataDirectory, Path.GetFileNameWithoutExtension(LedgerStore.FileName) + "-log" + Path.GetExtension(LedgerStore.FileName));
        var index = new BlockIndex(database, logPath, durability);
        try
        {
            index.CreateCollections();
            return index;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The head document, or null for a store not yet bound to a genesis.</summary>
    public BsonDocument? ReadHead() => _meta.FindById(BlockDocuments.HeadId);

    /// <summary>Writes the first head (height 0) of a store bound to <paramref name="genesis"/>.</summary>
    public void InsertHead(Hash32 genesis)
    {
        _meta.Insert(BlockDocuments.HeadDocument(genesis, 0, storeBase: null));
        _database.Checkpoint();
    }

    /// <summary>The index document of block <paramref name="height"/>, or null if there is none.</summary>
    public BlockIndexEntry? Find(ulong height) =>
        _blocks.FindById((long)height) is { } document ? BlockDocuments.ReadIndex(document) : null;

    /// <summary>The index documents of blocks <paramref name="from"/> to <paramref name="to"/>, in height order.</summary>
    public IEnumerable<BlockIndexEntry> Between(ulong from, ulong to) =>
        _blocks.Query().Where("_id >= @0 AND _id <= @1", (long)from, (long)to).OrderBy("_id").ToEnumerable().Select(BlockDocuments.ReadIndex);

    /// <summary>The height of the committed block <paramref name="blockId"/> (through the index on its id, which every layout-5 and later store has), or null.</summary>
    public ulong? HeightOf(Hash32 blockId) =>
        _blocks.FindOne(Query.EQ("id", new BsonValue(blockId.ToArray()))) is { } document ? (ulong)document["_id"].AsInt64 : null;

    /// <summary>
    /// Inserts a block's index document and moves the head to it in one transaction, then flushes
    /// the commit to the device.
    /// </summary>
    public void Commit(BsonDocument index, Hash32 genesis, ulong height, StoreBase? storeBase) =>
        CommitWithHead(() => _blocks.Insert(index), genesis, height, storeBase);

    /// <summary>
    /// <see cref="Commit"/> for several consecutive blocks in one transaction (the bench's chain
    /// builder only: see <see cref="LedgerStore.AppendBatchForBenchmarks"/>).
    /// </summary>
    public void CommitMany(IReadOnlyList<BsonDocument> indexes, Hash32 genesis, ulong height, StoreBase? storeBase) =>
        CommitWithHead(() => _blocks.InsertBulk(indexes), genesis, height, storeBase);

    private void CommitWithHead(Action insert, Hash32 genesis, ulong height, StoreBase? storeBase)
    {
        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
        }

        try
        {
            insert();
            if (!_meta.Update(BlockDocuments.HeadDocument(genesis, height, storeBase)))
            {
                throw new StoreCorruptedException("the head document disappeared from the store");
            }

            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }

        SyncLog();
    }

    /// <summary>
    /// Rewrites the head (height <paramref name="height"/>, first stored block above
    /// <paramref name="storeBase"/>, this build's layout) in one transaction, flushed to the
    /// device before returning: installing a snapshot base into an empty store or over one far
    /// behind (<see cref="LedgerStore.ReplaceWithBase"/>), moving the base up
    /// when old blocks are pruned, or recording a migration's new layout.
    /// </summary>
    public void WriteHead(Hash32 genesis, ulong height, StoreBase? storeBase)
    {
        if (!_meta.Update(BlockDocuments.HeadDocument(genesis, height, storeBase)))
        {
            throw new StoreCorruptedException("the head document disappeared from the store");
        }

        _database.Checkpoint();
        SyncLog();
    }

    /// <summary>
    /// Deletes the index documents of at most <paramref name="limit"/> blocks below
    /// <paramref name="first"/> (the lowest first) in one transaction, flushed; returns how many
    /// went (0: none is left below it). Bounded so a writer waiting for LiteDB waits for one batch.
    /// </summary>
    public int DeleteBelow(ulong first, int limit)
    {
        List<long> heights = [.. _blocks.Query().Where("_id < @0", (long)first).OrderBy("_id").Limit(limit).ToEnumerable().Select(d => d["_id"].AsInt64)];
        if (heights.Count == 0)
        {
            return 0;
        }

        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
        }

        try
        {
            foreach (long height in heights)
            {
                _blocks.Delete(height);
            }

            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }

        SyncLog();
        return heights.Count;
    }

    public void Dispose() => _database.Dispose();

    // Creates both collections before any reader can exist. LiteDB 5.0.21 resolves a collection
    // name through the shared header but reads its page from the reader's older snapshot, so a
    // read that overlaps the transaction creating the collection sees a zeroed page ("page type
    // must be collection page") and the engine shuts itself down (LiteDB issue 2792). With the
    // collections created and committed here, no commit ever creates one again.
    private void CreateCollections()
    {
        if (!_database.CollectionExists("blocks") || !_database.CollectionExists("meta"))
        {
            _blocks.EnsureIndex("id");
            _meta.EnsureIndex("genesis");
            _database.Checkpoint();
        }
    }

    // LiteDB 5.0.21 commits by writing the transaction's pages to its log file (ledger-log.db) and
    // does not flush them to the device: it fsyncs only the data file, when a checkpoint copies the
    // log into it. A commit therefore survived the process being killed but not the machine losing
    // power. fsync acts on the file, not on the descriptor, so syncing the log through a handle of
    // our own makes the block durable before Append returns.
    private void SyncLog()
    {
        // No log file: nothing is waiting in one (LiteDB removes it only when it is empty).
        if (!File.Exists(_logPath))
        {
            return;
        }

        using (SafeFileHandle log = File.OpenHandle(_logPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            _durability.FlushFile(log);
        }

        // A log file new since the store opened is durable only once its folder is flushed; until
        // then a power loss could drop the whole file, and with it every block it committed.
        if (!_logEntryDurable)
        {
            _durability.FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(_logPath))!);
            _logEntryDurable = true;
        }
    }
}
