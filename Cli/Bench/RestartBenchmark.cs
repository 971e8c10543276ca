using System.Diagnostics;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
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
public sealed class RestartBenchmark(GenesisDocument genesis, string dataDirectory, int snapshotEveryBlocks, Action<string> progress)
{
    /// <summary>Appends blocks until the store's head is <paramref name="height"/> (continuing a chain built before).</summary>
    public void GrowTo(ulong height)
    {
        MembershipAuthority authority = MembershipAuthority.FromGenesis(genesis);
        var executor = new BlockExecutor(LedgerRules.From(genesis), authority);
        Hash32 genesisId = GenesisState.DefaultBlockId(genesis);

        // The engine resumes the chain where it is (from its newest snapshot); it is opened and
        // closed only to read the head state, then blocks go to the store directly.
        CommittedView head;
        using (LedgerEngine engine = LedgerEngine.Open(dataDirectory, genesis, new LedgerEngineOptions { SnapshotEveryBlocks = 0 }))
        {
            head = engine.Committed;
        }

        using LedgerStore store = LedgerStore.Open(dataDirectory, NoFlush.Instance);
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

    /// <summary>Opens the ledger as a restarting node does and measures it.</summary>
    public RestartFigures MeasureOpen()
    {
        long before = Settle();
        long startedAt = Stopwatch.GetTimestamp();
        using LedgerEngine engine = LedgerEngine.Open(dataDirectory, genesis, new LedgerEngineOptions { SnapshotEveryBlocks = snapshotEveryBlocks });
        TimeSpan open = Stopwatch.GetElapsedTime(startedAt);
        long held = Settle() - before;
        return new RestartFigures(engine.Committed.Height, open, engine.Restored.SnapshotHeight, engine.Restored.BlocksReplayed, engine.RecordsReadAtOpen, held);
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
