using System.Diagnostics;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Snapshots;
using Ledger.State;
using Ledger.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Cli.Bench;

/// <summary>
/// Builds a chain of empty blocks (heartbeats) straight into a ledger store, with a snapshot every
/// so many blocks as the node writes them, without flushing to the device (the chain is thrown
/// away; durability is not what is measured), then times <see cref="LedgerEngine.Open"/> on it as
/// a restarting node does, and reports what the open read and replayed and the memory it holds.
/// </summary>
public sealed class RestartBenchmark(GenesisDocument genesis, string dataDirectory, int snapshotEveryBlocks, Action<string> progress, long segmentBytes = 64L * 1024 * 1024)
{
    private readonly BlockFileOptions _segments = new() { SegmentBytes = segmentBytes };

    private LedgerStore OpenStore() => LedgerStore.Open(dataDirectory, NoFlush.Instance, Ledger.Storage.TransactionIds.TransactionIndexOptions.Default, _segments);

    /// <summary>Appends blocks until the store's head is <paramref name="height"/> (continuing a chain built before).</summary>
    public void GrowTo(ulong height)
    {
        var executor = new BlockExecutor(LedgerRules.From(genesis));
        Hash32 genesisId = GenesisState.DefaultBlockId(genesis);

        // The engine resumes the chain where it is (from its newest snapshot); it is opened and
        // closed only to read the head state, then blocks go to the store directly.
        CommittedView head;
        using (LedgerEngine engine = LedgerEngine.Open(dataDirectory, genesis, new LedgerEngineOptions { SnapshotEveryBlocks = 0, BlockSegmentBytes = segmentBytes }))
        {
            head = engine.Committed;
        }

        using LedgerStore store = OpenStore();
        store.Initialise(genesisId);
        var snapshots = new SnapshotStore(dataDirectory, 2, NoFlush.Instance);
        var clock = Stopwatch.StartNew();
        LedgerState state = head.State;
        Hash32 parent = head.BlockId;
        for (ulong h = head.Height + 1; h <= height; h++)
        {
            Hash32 id = Hash32.Sha256(BitConverter.GetBytes(h));
            ExecutionResult result = executor.Execute(state, new BlockInput(parent, id, h, genesis.GenesisTimeMs + ((long)h * 1_000), []));
            store.Append(result, []);
            state = result.State;
            parent = id;
            if (snapshotEveryBlocks > 0 && h % (ulong)snapshotEveryBlocks == 0)
            {
                snapshots.Write(new CommittedView(h, id, state));
            }

            if (h % 10_000 == 0)
            {
                progress($"    built {h:N0} of {height:N0} blocks ({clock.Elapsed.TotalSeconds:0} s)");
            }
        }
    }

    /// <summary>
    /// Grows the chain to <paramref name="height"/> fast enough for millions of blocks: blocks
    /// below the last <paramref name="executedTail"/> are written straight into the store without
    /// executing anything (made-up headers and payloads, receipts naming
    /// <paramref name="idsPerBlock"/> fresh transaction ids each, so the transaction index holds
    /// millions), then a state is made at the height below the tail (<see cref="LedgerState.Create"/>:
    /// empty, so the open measured is about the chain, not the state) and the tail is executed as
    /// empty blocks with a snapshot at its first block only (so an open replays the rest). An open only ever
    /// reads the snapshot, the blocks after it and the checked tail, all of which are real; the
    /// made-up history below is what a restarting node never reads (an audit would refuse it).
    /// Returns the mean time one made-up block's append took (record, LiteDB commit, index).
    /// </summary>
    public TimeSpan GrowSynthetic(ulong height, int idsPerBlock, int executedTail)
    {
        var executor = new BlockExecutor(LedgerRules.From(genesis));
        using LedgerStore store = OpenStore();
        store.Initialise(GenesisState.DefaultBlockId(genesis));
        var snapshots = new SnapshotStore(dataDirectory, 2, NoFlush.Instance);
        ulong start = store.HeadHeight + 1;
        ulong firstExecuted = height > (ulong)executedTail ? height - (ulong)executedTail + 1 : 1;
        if (firstExecuted <= start)
        {
            throw new InvalidOperationException($"the chain is at {start - 1}: growing it to {height} leaves no room for {executedTail} executed blocks above made-up ones");
        }

        var clock = Stopwatch.StartNew();
        byte[] payload = new byte[16];
        var receipts = new Receipt[idsPerBlock];

        // Made-up blocks go in batches of one LiteDB transaction each (LedgerStore.AppendBatchForBenchmarks,
        // not crash-safe, for throwaway chains): a commit per block (about 3.6 ms) made a
        // million-block chain take about an hour.
        var batch = new List<StoredBlock>(MadeUpBatch);
        for (ulong h = start; h < firstExecuted; h++)
        {
            for (int i = 0; i < idsPerBlock; i++)
            {
                receipts[i] = new Receipt(Hash32.Sha256(BitConverter.GetBytes(((long)h << 12) + i)), ReceiptStatus.Success);
            }

            long time = genesis.GenesisTimeMs + ((long)h * 1_000);
            var header = new StateHeader(Hash32.Zero, Hash32.Zero, Hash32.Zero, 0, h, time, (uint)idsPerBlock, Hash32.Zero, Hash32.Zero, 0, Hash32.Zero);
            batch.Add(new StoredBlock(h, BlockId(h), BlockId(h - 1), header, payload, [], Receipt.EncodeAll(receipts), []));
            if (batch.Count == MadeUpBatch || h == firstExecuted - 1)
            {
                store.AppendBatchForBenchmarks(batch);
                batch.Clear();
            }

            if (h % 100_000 == 0)
            {
                progress($"    wrote {h:N0} of {height:N0} blocks ({clock.Elapsed.TotalSeconds:0} s)");
            }
        }

        TimeSpan perBlock = clock.Elapsed / Math.Max(1, (double)(firstExecuted - start));
        LedgerState state = LedgerState.Create([], [], [], firstExecuted - 1, genesis.GenesisTimeMs + ((long)(firstExecuted - 1) * 1_000));
        Hash32 parent = BlockId(firstExecuted - 1);
        for (ulong h = firstExecuted; h <= height; h++)
        {
            ExecutionResult result = executor.Execute(state, new BlockInput(parent, BlockId(h), h, genesis.GenesisTimeMs + ((long)h * 1_000), []));
            store.Append(result, []);
            state = result.State;
            parent = BlockId(h);
            if (h == firstExecuted)
            {
                snapshots.Write(new CommittedView(h, parent, state));
            }
        }

        store.TransactionIndexSealing.Wait();
        return perBlock;
    }

    // Made-up blocks per LiteDB transaction.
    private const int MadeUpBatch = 1_000;

    /// <summary>
    /// Prunes the chain as a node with storage.keepBlocks would after its snapshot: whole segments
    /// below min(the newest snapshot, head - <paramref name="keepBlocks"/>). Returns what went.
    /// </summary>
    public PruneResult Prune(int keepBlocks)
    {
        using LedgerStore store = OpenStore();
        store.TransactionIndexComplete.Wait();
        var snapshots = new SnapshotStore(dataDirectory, 2, NoFlush.Instance);
        ulong head = store.HeadHeight;
        // The newest snapshot: the other one kept is the previous length's, far below, where a
        // node snapshotting every so many blocks would have kept two recent ones.
        ulong newest = snapshots.Heights().Where(h => h <= head).DefaultIfEmpty(0UL).Max();
        return newest == 0 || head <= (ulong)keepBlocks ? PruneResult.Nothing(store.FirstHeight) : store.Prune(Math.Min(newest, head - (ulong)keepBlocks));
    }

    private static Hash32 BlockId(ulong height) => Hash32.Sha256(BitConverter.GetBytes(height));

    /// <summary>Opens the ledger as a restarting node does and measures it.</summary>
    public RestartFigures MeasureOpen()
    {
        long before = Settle();
        long startedAt = Stopwatch.GetTimestamp();
        using LedgerEngine engine = LedgerEngine.Open(dataDirectory, genesis, new LedgerEngineOptions { SnapshotEveryBlocks = snapshotEveryBlocks, BlockSegmentBytes = segmentBytes });
        TimeSpan open = Stopwatch.GetElapsedTime(startedAt);
        long held = Settle() - before;
        return new RestartFigures(engine.Committed.Height, open, engine.Restored.SnapshotHeight, engine.Restored.BlocksReplayed, engine.RecordsReadAtOpen, held)
        {
            WorkingSetBytes = Environment.WorkingSet,
        };
    }

    /// <summary>
    /// Times lookups of <paramref name="count"/> ids committed in made-up blocks
    /// <paramref name="madeUpFrom"/> to below <paramref name="madeUpBelow"/> (hits, in run files) and of as many never committed
    /// (misses) on the store as opened, with the index's runs and bytes held.
    /// </summary>
    public TransactionIndexFigures MeasureLookups(ulong madeUpFrom, ulong madeUpBelow, int idsPerBlock, int count)
    {
        using LedgerStore store = OpenStore();
        store.TransactionIndexComplete.Wait();
        var random = new Random(11);
        var hits = new Hash32[count];
        var misses = new Hash32[count];
        for (int i = 0; i < count; i++)
        {
            long h = random.NextInt64((long)madeUpFrom, (long)madeUpBelow);
            hits[i] = Hash32.Sha256(BitConverter.GetBytes((h << 12) + random.Next(idsPerBlock)));
            misses[i] = Hash32.Sha256(BitConverter.GetBytes(-1L - i));
        }

        long started = Stopwatch.GetTimestamp();
        foreach (Hash32 id in hits)
        {
            _ = store.FindTransaction(id) ?? throw new InvalidOperationException($"committed id {id.ToShortHex()} not found");
        }

        TimeSpan hit = Stopwatch.GetElapsedTime(started) / count;
        started = Stopwatch.GetTimestamp();
        foreach (Hash32 id in misses)
        {
            if (store.FindTransaction(id) is not null)
            {
                throw new InvalidOperationException($"id {id.ToShortHex()} was never committed but was found");
            }
        }

        TimeSpan miss = Stopwatch.GetElapsedTime(started) / count;
        return new TransactionIndexFigures(hit, miss, store.TransactionIndexRuns, store.TransactionIndexBytes);
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    // A throwaway chain needs no fsync: the figures are about what open reads and computes.
    private sealed class NoFlush : IFileDurability
    {
        public static readonly NoFlush Instance = new();

        public void FlushFile(SafeFileHandle file)
        {
        }

        public void FlushDirectory(string directory)
        {
        }
    }
}
