using Ledger.Audit;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Snapshots;
using Ledger.Storage;
using Ledger.TestKit.Chains;

namespace Ledger.Tests;

/// <summary>
/// <see cref="LedgerEngineOptions.KeepBlocks"/>: after a snapshot the engine prunes whole block
/// segments below min(the oldest snapshot kept, head - keepBlocks); a restart still starts from a
/// snapshot and replays the blocks after it, and an audit starts from a snapshot at or above the
/// store's new base.
/// </summary>
public sealed class BlockPruningTests : IDisposable
{
    private static readonly TestChain Chain = TestChain.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-pruning-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    private LedgerEngine Open(int keepBlocks) =>
        LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions
        {
            SnapshotEveryBlocks = 10,
            SnapshotsKept = 2,
            KeepBlocks = keepBlocks,
            BlockSegmentBytes = BlockFileOptions.MinimumSegmentBytes,
        });

    private static void CommitUpTo(LedgerEngine engine, ulong height)
    {
        for (ulong h = engine.Committed.Height + 1; h <= height; h++)
        {
            long at = Chain.GenesisTimeMs + ((long)h * 1_000);
            engine.Execute(engine.Committed.BlockId, TestBlocks.Id(h), h, at, [Chain.Transfer((int)(h % 4), (int)((h + 1) % 4), 1, at)]);
            engine.Commit(TestBlocks.Id(h), [0xc0]);
            engine.Snapshots.Pending.GetAwaiter().GetResult();
        }
    }

    [Fact]
    public void Commit_KeepBlocksPastTheOldestSnapshot_PrunesBelowItAndRestartsFromTheNewest()
    {
        ulong first;
        (Hash32 Root, Hash32 Block) root;
        using (LedgerEngine engine = Open(keepBlocks: 5))
        {
            CommitUpTo(engine, 60);
            first = engine.FirstHeight;
            root = (engine.Committed.StateRoot, engine.Committed.BlockId);
            Assert.True(engine.PrunedSegments > 0);

            // Snapshots 50 and 60 are kept: nothing at or above block 50 may go.
            Assert.InRange(first, 2UL, 50UL);
            Assert.Throws<BlockNotStoredException>(() => engine.GetBlock(1));
            Assert.NotNull(engine.GetBlock(50));
        }

        using (LedgerEngine reopened = Open(keepBlocks: 5))
        {
            Assert.Equal(first, reopened.FirstHeight);
            Assert.Equal(new LedgerRestore(60, 0), reopened.Restored);
            Assert.Equal(root, (reopened.Committed.StateRoot, reopened.Committed.BlockId));
        }

        // The audit starts from the snapshot at 50, above the pruned store's base.
        using LedgerStore store = LedgerStore.Open(_directory);
        CommittedView snapshot = new SnapshotStore(_directory, 2, OsFileDurability.Instance).Read(50);
        AuditReport report = ChainAuditor.Audit(store, Chain.Genesis, GenesisState.DefaultBlockId(Chain.Genesis), baseSnapshot: snapshot);
        Assert.Null(report.Divergence);
        Assert.Equal(50UL, report.StartHeight);
        Assert.Equal(10UL, report.BlocksChecked);
    }

    [Fact]
    public void Commit_KeepBlocksZero_PrunesNothing()
    {
        using LedgerEngine engine = Open(keepBlocks: 0);
        CommitUpTo(engine, 60);

        Assert.Equal(1UL, engine.FirstHeight);
        Assert.Equal(0, engine.PrunedSegments);
        Assert.True(engine.BlockSegments > 1);
    }

    [Theory]
    [InlineData(100UL, new ulong[] { 90, 80 }, 5, 80UL)]
    [InlineData(100UL, new ulong[] { 90, 80 }, 30, 70UL)]
    [InlineData(100UL, new ulong[] { 90 }, 100, null)]
    [InlineData(100UL, new ulong[0], 5, null)]
    [InlineData(100UL, new ulong[] { 90 }, 0, null)]
    [InlineData(100UL, new ulong[] { 120, 90 }, 5, 90UL)]
    public void KeepFrom_SnapshotsAndKeepBlocks_KeepsFromTheLowerOfTheOldestSnapshotAndTheWindow(ulong head, ulong[] snapshots, int keepBlocks, ulong? expected)
    {
        Assert.Equal(expected, BlockPruner.KeepFrom(head, snapshots, keepBlocks));
    }
}
