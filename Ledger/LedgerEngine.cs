using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.Snapshots;
using Ledger.State;
using Ledger.Storage;
using Ledger.Storage.TransactionIds;
using Ledger.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger;

/// <summary>
/// The ledger as consensus and the node use it. Execution is speculative and keyed by block id:
/// each executed block keeps its own immutable state version (sharing tree nodes with its
/// parent) until it commits or its branch is abandoned. Commit writes the block, its
/// certificate, receipts and state diff to the ledger store atomically (<see cref="LedgerStore"/>).
/// Execute and Abandon are meant for one thread (the node's event loop) and are serialised by a
/// lock; Commit may run on another (the node's committer), one commit at a time, and holds that
/// lock only around its checks and the head's move, not its store write. Queries read the
/// immutable <see cref="Committed"/> snapshot and the store, and are safe from any thread.
/// </summary>
public sealed class LedgerEngine : IDisposable
{
    private readonly LedgerStore _store;
    private readonly BlockExecutor _executor;
    private readonly ILogger _logger;
    private readonly Dictionary<Hash32, ExecutionResult> _speculative = [];
    private readonly Lock _lock = new();
    private readonly Lock _commitLock = new();
    private readonly SnapshotScheduler _snapshots;
    private volatile CommittedView _committed;

    private LedgerEngine(LedgerStore store, SnapshotScheduler snapshots, BlockExecutor executor, CommittedView committed, Hash32 genesisBlockId, VerifiedTransactionCache cache, ILogger logger)
    {
        _store = store;
        _snapshots = snapshots;
        _executor = executor;
        _committed = committed;
        GenesisBlockId = genesisBlockId;
        VerifiedCache = cache;
        _logger = logger;
    }

    public LedgerRules Rules => _executor.Rules;

    /// <summary>Tests reach the executor's fault-injection seam through this.</summary>
    internal BlockExecutor Executor => _executor;

    public Hash32 GenesisBlockId { get; }

    /// <summary>The latest committed height, block id and state (immutable; read it once per query).</summary>
    public CommittedView Committed => _committed;

    public VerifiedTransactionCache VerifiedCache { get; }

    /// <summary>How client signatures are checked, by execution here and by the node's admission.</summary>
    public IClientSignatureCheck ClientSignatures => _executor.ClientSignatures;

    /// <summary>How the last open found the state: the snapshot it started from (0: genesis) and the blocks it replayed after it.</summary>
    public LedgerRestore Restored { get; private init; } = new(0, 0);

    /// <summary>The periodic state snapshots (the write in progress, counts).</summary>
    public SnapshotScheduler Snapshots => _snapshots;

    public int SpeculativeCount
    {
        get
        {
            lock (_lock)
            {
                return _speculative.Count;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the ledger in <paramref name="dataDirectory"/>: starts from the newest
    /// state snapshot whose block id and state root are the committed chain's at its height (the
    /// genesis state if there is none), then applies the state diff of every stored block after
    /// it, checking each state root, so the engine resumes exactly at the last committed block and
    /// the work grows with the blocks since the snapshot, not with the chain.
    /// </summary>
    public static LedgerEngine Open(string dataDirectory, GenesisDocument genesis, LedgerEngineOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        options ??= new LedgerEngineOptions();
        options.Validate();
        logger ??= NullLogger.Instance;
        MembershipAuthority authority = MembershipAuthority.FromGenesis(genesis);
        var rules = LedgerRules.From(genesis) with { ValidatorSetChangesEnabled = options.EnableValidatorSetChanges };
        var executor = new BlockExecutor(rules, options.ClientSignatures);
        Hash32 genesisId = options.GenesisBlockId ?? GenesisState.DefaultBlockId(genesis);
        LedgerStore store = LedgerStore.Open(dataDirectory, options.Durability, TransactionIndexOptions.Default, new BlockFileOptions { SegmentBytes = options.BlockSegmentBytes });
        try
        {
            store.Initialise(genesisId);
            if (store.MigratedFromLayout is { } migrated)
            {
                LedgerLog.StoreMigrated(logger, migrated, LedgerStore.Layout);
            }

            var snapshots = new SnapshotStore(dataDirectory, options.SnapshotsKept, OsFileDurability.Instance);
            ILogger log = logger;
            CommittedView? loaded = snapshots.LoadLatest(store.HeadHeight, store.CommittedRoot, (height, why) => LedgerLog.SnapshotRejected(log, height, why));

            // A store installed from a snapshot has no blocks to replay from genesis: it needs a
            // snapshot at or above its base.
            if (store.Base is { } storeBase && (loaded is null || loaded.Height < storeBase.Height))
            {
                throw new StoreCorruptedException($"the store was installed from a snapshot at height {storeBase.Height} (or pruned up to it) and holds no block below {store.FirstHeight}, but no usable snapshot at or above that height is in {snapshots.Folder}: delete the ledger folder to install a snapshot from the peers again");
            }

            CommittedView start = loaded ?? new CommittedView(0, genesisId, GenesisState.Build(genesis, authority));
            CommittedView committed = Restore(store, start);
            if (start.Height > 0)
            {
                LedgerLog.RestoredFromSnapshot(logger, start.Height, committed.Height - start.Height);
            }

            LedgerLog.Opened(logger, committed.Height, committed.StateRoot.ToHex(), committed.State.AccountCount);
            var pruner = new BlockPruner(store, snapshots, options.KeepBlocks, logger);
            return new LedgerEngine(store, new SnapshotScheduler(snapshots, options.SnapshotEveryBlocks, logger, options.KeepBlocks > 0 ? _ => pruner.AfterSnapshot() : null), executor, committed, genesisId, new VerifiedTransactionCache(options.VerifiedCacheCapacity), logger)
            {
                Restored = new LedgerRestore(start.Height, committed.Height - start.Height),
            };
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Writes a snapshot of the committed state now, on the caller's thread (tools; the node relies on <see cref="LedgerEngineOptions.SnapshotEveryBlocks"/>).</summary>
    public long WriteSnapshot(string dataDirectory, int kept) =>
        new SnapshotStore(dataDirectory, kept, OsFileDurability.Instance).Write(_committed);

    /// <summary>Applies the stored blocks above <paramref name="start"/> (genesis or a snapshot) to it, checking every state root.</summary>
    internal static CommittedView Restore(LedgerStore store, CommittedView start)
    {
        CommittedView view = start;
        foreach (StoredBlock block in store.ReadBlocks(start.Height + 1))
        {
            if (block.ParentBlockId != view.BlockId || block.Height != view.Height + 1)
            {
                throw new StoreCorruptedException($"block {block.Height} ({block.BlockId.ToShortHex()}) does not follow block {view.Height} ({view.BlockId.ToShortHex()})");
            }

            StateChanges changes;
            try
            {
                changes = StateChangesCodec.Decode(block.StateDiff);
            }
            catch (FormatException e)
            {
                throw new StoreCorruptedException($"block {block.Height}: unreadable state diff: {e.Message}", e);
            }

            BlockRoots roots;
            try
            {
                roots = ReceiptRoots.BlockRootsOf(Receipt.DecodeAll(block.Receipts), block.TxRoot);
            }
            catch (FormatException e)
            {
                throw new StoreCorruptedException($"block {block.Height}: unreadable receipts: {e.Message}", e);
            }

            LedgerState state = view.State.With(changes, block.Height, block.TimestampMs, roots);
            if (state.Root != block.StateRoot)
            {
                throw new StoreCorruptedException($"block {block.Height}: state diff and receipts give root {state.Root.ToShortHex()}, the block records {block.StateRoot.ToShortHex()} (differing: {string.Join(", ", state.Header.DifferingFields(block.Header))})");
            }

            view = new CommittedView(block.Height, block.BlockId, state);
        }

        return view;
    }

    public IReadOnlyList<Transaction> DecodePayload(ReadOnlySpan<byte> payload) => PayloadCodec.Decode(payload, Rules.Limits);

    /// <summary>Decodes a payload and executes it; a malformed payload is an invalid block.</summary>
    public ExecutionResult ExecutePayload(Hash32 parentBlockId, Hash32 blockId, ulong height, long timestampMs, ReadOnlySpan<byte> payload)
    {
        IReadOnlyList<Transaction> transactions;
        try
        {
            transactions = DecodePayload(payload);
        }
        catch (FormatException e)
        {
            throw new InvalidBlockException(blockId, InvalidBlockReason.MalformedPayload, e.Message);
        }

        return Execute(parentBlockId, blockId, height, timestampMs, transactions);
    }

    /// <summary>
    /// Executes a block on its parent's state (the committed head or an executed, uncommitted
    /// block) and keeps the result under <paramref name="blockId"/>. Executing the same block id
    /// again returns the kept result. Throws <see cref="InvalidBlockException"/> (nothing kept) or
    /// <see cref="ConservationViolationException"/> (halt the node).
    /// </summary>
    public ExecutionResult Execute(Hash32 parentBlockId, Hash32 blockId, ulong height, long timestampMs, IReadOnlyList<Transaction> transactions)
    {
        var block = new BlockInput(parentBlockId, blockId, height, timestampMs, transactions);
        lock (_lock)
        {
            if (_speculative.TryGetValue(blockId, out ExecutionResult? existing))
            {
                return existing.Block.ParentBlockId == parentBlockId && existing.Height == height && existing.Block.TimestampMs == timestampMs
                    ? existing
                    : throw new InvalidBlockException(blockId, InvalidBlockReason.UnknownParent, "the block id was already executed with another parent, height or timestamp");
            }

            CommittedView committed = _committed;
            LedgerState parent = parentBlockId == committed.BlockId
                ? committed.State
                : _speculative.TryGetValue(parentBlockId, out ExecutionResult? parentResult)
                    ? parentResult.State
                    : throw Refuse(new InvalidBlockException(blockId, InvalidBlockReason.UnknownParent, $"parent {parentBlockId.ToShortHex()} is neither the committed head nor an executed block"), height);
            ExecutionResult result;
            try
            {
                result = _executor.Execute(parent, block, VerifiedCache);
            }
            catch (InvalidBlockException e)
            {
                throw Refuse(e, height);
            }
            catch (ConservationViolationException e)
            {
                LedgerLog.ConservationViolated(_logger, blockId.ToHex(), height, e.Message);
                throw;
            }

            _speculative[blockId] = result;
            LedgerLog.Executed(_logger, blockId.ToShortHex(), height, transactions.Count, result.StateRoot.ToShortHex());
            return result;
        }
    }

    private InvalidBlockException Refuse(InvalidBlockException e, ulong height)
    {
        LedgerLog.Refused(_logger, e.BlockId.ToShortHex(), height, e.Message);
        return e;
    }

    public bool TryGetExecution(Hash32 blockId, out ExecutionResult result)
    {
        lock (_lock)
        {
            return _speculative.TryGetValue(blockId, out result!);
        }
    }

    /// <summary>
    /// Commits an executed block whose parent is the committed head: writes block, certificate
    /// (opaque), receipts and state diff as one committed block of the store, then moves the head and drops
    /// every kept version at or below the new height (those branches can no longer commit).
    /// Committing the current head again does nothing; anything else not executed throws.
    /// </summary>
    public void Commit(Hash32 blockId, ReadOnlySpan<byte> certificate)
    {
        // Commits are serialised by their own lock; the store's write and its flushes run outside
        // the execution lock, so executing the next blocks (on the committing block or its
        // descendants, kept until the head moves) need not wait for the device. The head moves
        // only after the write returned: readers of Committed never see a block that is not durable.
        lock (_commitLock)
        {
            ExecutionResult result;
            lock (_lock)
            {
                // Committing the head again (e.g. a commit notice repeated after a restart) is a no-op.
                if (blockId == _committed.BlockId)
                {
                    return;
                }

                if (!_speculative.TryGetValue(blockId, out ExecutionResult? executed))
                {
                    throw new InvalidOperationException($"block {blockId.ToShortHex()} was not executed, or its branch was abandoned");
                }

                CommittedView head = _committed;
                if (executed.Block.ParentBlockId != head.BlockId)
                {
                    throw new InvalidOperationException($"block {blockId.ToShortHex()} at height {executed.Height} does not extend the committed head {head.BlockId.ToShortHex()} at height {head.Height}");
                }

                result = executed;
            }

            _store.Append(result, certificate);
            CommitHead(result);
        }
    }

    /// <summary>Moves the head to a block just written and drops every kept version at or below it.</summary>
    private void CommitHead(ExecutionResult result)
    {
        Hash32 blockId = result.BlockId;
        lock (_lock)
        {
            _committed = new CommittedView(result.Height, blockId, result.State);
            _snapshots.Committed(_committed);
            int before = _speculative.Count;
            foreach (Hash32 stale in _speculative.Where(e => e.Value.Height <= result.Height).Select(e => e.Key).ToList())
            {
                _speculative.Remove(stale);
            }

            LedgerLog.Committed(_logger, blockId.ToShortHex(), result.Height, result.StateRoot.ToShortHex());
            LedgerLog.Pruned(_logger, before - _speculative.Count);
        }
    }

    /// <summary>Drops an abandoned block's version and those of all its executed descendants.</summary>
    public int Abandon(Hash32 blockId)
    {
        lock (_lock)
        {
            var doomed = new HashSet<Hash32> { blockId };
            bool grew = true;
            while (grew)
            {
                grew = false;
                foreach (KeyValuePair<Hash32, ExecutionResult> entry in _speculative)
                {
                    if (doomed.Contains(entry.Value.Block.ParentBlockId) && doomed.Add(entry.Key))
                    {
                        grew = true;
                    }
                }
            }

            int removed = doomed.Count(_speculative.Remove);
            LedgerLog.Pruned(_logger, removed);
            return removed;
        }
    }

    /// <summary>Mempool admission of one transfer against the committed state at the caller's clock.</summary>
    public AdmissionResult CheckTransfer(Transfer transfer, long nowMs) =>
        TransferAdmission.Check(transfer, _committed.State, Rules, nowMs, VerifiedCache, ClientSignatures);

    /// <summary>The account's committed state with a proof against the committed state root (absence proof if unknown).</summary>
    public BalanceProof ProveAccount(PublicKey key) => _committed.State.ProveAccount(key);

    /// <summary>The committed block at <paramref name="height"/> (null at 0 or above the head); below <see cref="FirstHeight"/> a <see cref="BlockNotStoredException"/>.</summary>
    public StoredBlock? GetBlock(ulong height) => _store.GetBlock(height);

    /// <summary>The lowest height whose block is stored: 1, or the snapshot height + 1 for a store installed from a snapshot.</summary>
    public ulong FirstHeight => _store.FirstHeight;

    /// <summary>The snapshot base the store was installed from, or null for a full store.</summary>
    public StoreBase? StoreBase => _store.Base;

    /// <summary>
    /// The certificate (commit evidence) of the committed block at <paramref name="height"/>: the
    /// stored block's, or the base's for a store installed from a snapshot at that height (which
    /// holds no record of its base block); null at 0 or above the head.
    /// </summary>
    public byte[]? CertificateAt(ulong height) =>
        _store.Base is { } b && b.Height == height ? b.Certificate : _store.GetBlock(height)?.Certificate;

    /// <summary>The state header committed at <paramref name="height"/> (its index document; the base's at the base height), or null where the store holds none.</summary>
    public StateHeader? CommittedHeader(ulong height) => _store.CommittedHeader(height);

    /// <summary>The height of a committed block by its id, from the store's index on block ids (nothing held in memory), or null.</summary>
    public ulong? CommittedHeightOfBlock(Hash32 blockId) => _store.HeightOfBlock(blockId);

    /// <summary>Block records the store read back while opening (a bounded tail, whatever the chain's length); the replayed blocks after the snapshot are counted in <see cref="Restored"/>.</summary>
    public long RecordsReadAtOpen => _store.RecordsReadAtOpen;

    /// <summary>Managed bytes the store's transaction-id index holds (its window of the newest blocks and each run file's fences): bounded by its options, whatever the chain's length.</summary>
    public long TransactionIndexBytes => _store.TransactionIndexBytes;

    /// <summary>Bytes of block records on disk (<see cref="LedgerStore.StoredBlockBytes"/>).</summary>
    public long StoredBlockBytes => _store.StoredBlockBytes;

    /// <summary>Block segment files on disk.</summary>
    public int BlockSegments => _store.BlockSegments;

    /// <summary>Block segments pruned since open (<see cref="LedgerEngineOptions.KeepBlocks"/>).</summary>
    public long PrunedSegments => _store.PrunedSegments;

    /// <summary>Run files the store's transaction-id index has open (about log2 of the chain's ids over a window's, merged in the background).</summary>
    public int TransactionIndexRuns => _store.TransactionIndexRuns;

    /// <summary>
    /// The height a transaction id was committed at (its successful occurrence if any), or null:
    /// an index lookup, nothing read, and no wait for the background indexing of old blocks after
    /// an open (the newest are indexed first; this is admission's check, which only the replay
    /// window matters to, and the seen-set refuses a replay whatever it answers).
    /// </summary>
    public ulong? CommittedHeightOf(Hash32 transactionId) => _store.FindTransaction(transactionId, waitForOlderBlocks: false)?.Height;

    /// <summary>
    /// Where a committed transaction sits (its successful occurrence if any): an in-memory lookup
    /// that reads no block (right after an open it may wait for the background indexing of older
    /// blocks). One committed below the first stored height is a
    /// <see cref="TransactionNotStoredException"/> naming its block.
    /// </summary>
    public TransactionLocation? LocateTransaction(Hash32 transactionId) => _store.FindStoredTransaction(transactionId);

    /// <summary>
    /// A committed transaction by id with the proof of its inclusion and outcome against its
    /// block's state root, and that block's certificate; null if none is committed. Reads the
    /// block and proves it in one call; a caller that must not hold a lock while proving uses
    /// <see cref="LocateTransaction"/>, reads the block under its lock and calls
    /// <see cref="ProveTransaction"/> outside it.
    /// </summary>
    public CommittedTransaction? FindTransaction(Hash32 transactionId) =>
        LocateTransaction(transactionId) is { } location && _store.GetBlock(location.Height) is { } block
            ? ProveTransaction(block, location.Index)
            : null;

    /// <summary>
    /// The payload indexes, in order, of the block's transfers that <paramref name="account"/>
    /// sent or received (enrolments and revocations are not transfers). Decodes the block's
    /// payload, so the work is bounded by the block size; this is what an account's history is
    /// read with, one block at a time, rather than keeping a per-account index that grows with
    /// the chain.
    /// </summary>
    public IReadOnlyList<int> TransfersOf(StoredBlock block, PublicKey account)
    {
        ArgumentNullException.ThrowIfNull(block);
        IReadOnlyList<Transaction> transactions = PayloadCodec.Decode(block.Payload, Rules.Limits);
        var found = new List<int>();
        for (int i = 0; i < transactions.Count; i++)
        {
            if (transactions[i] is Transfer transfer && (transfer.From == account || transfer.To == account))
            {
                found.Add(i);
            }
        }

        return found;
    }

    /// <summary>
    /// Transaction <paramref name="index"/> of a committed block with the proof of its inclusion
    /// and outcome against the block's state root (<see cref="TransactionProof"/>), and the block's
    /// certificate. Only that transaction is decoded; the transaction ids come from the receipts,
    /// so the work is two Merkle trees over the receipts, bounded by the block size whatever the
    /// chain's length. Takes no lock: callers read the block under whatever guards the store and
    /// prove outside it.
    /// </summary>
    public CommittedTransaction ProveTransaction(StoredBlock block, int index)
    {
        ArgumentNullException.ThrowIfNull(block);
        IReadOnlyList<Receipt> receipts = Receipt.DecodeAll(block.Receipts);
        Transaction transaction = PayloadCodec.DecodeAt(block.Payload, index, Rules.Limits);
        if (transaction.Id != receipts[index].TransactionId)
        {
            throw new StoreCorruptedException($"block {block.Height}: transaction {index} is {transaction.Id.ToShortHex()}, its receipt names {receipts[index].TransactionId.ToShortHex()}");
        }

        Hash32[] txLeaves = new Hash32[receipts.Count];
        for (int i = 0; i < txLeaves.Length; i++)
        {
            txLeaves[i] = TransactionRoots.LeafHash(receipts[i].TransactionId);
        }

        var proof = new TransactionProof(receipts[index], (uint)index,
            MerkleTree.InclusionProof(txLeaves, index),
            MerkleTree.InclusionProof(ReceiptRoots.LeafHashes(receipts), index),
            block.Header);
        return new CommittedTransaction(transaction, proof, block.Certificate);
    }

    public void Dispose()
    {
        // A snapshot being written reads only the immutable committed state, but its file goes
        // into the store's folder, which must stay locked until it is whole.
        _snapshots.Dispose();
        _store.Dispose();
    }
}
