using Ledger.Crypto;
using Ledger.Snapshots;
using Ledger.TestKit.Chains;

namespace Ledger.Tests;

public sealed class SnapshotRestartTests : IDisposable
{
    private static readonly TestChain Chain = TestChain.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-snapshot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    private LedgerEngine Open(int every = 10, int kept = 2) =>
        LedgerEngine.Open(_directory, Chain.Genesis, new LedgerEngineOptions { SnapshotEveryBlocks = every, SnapshotsKept = kept });

    // Commits blocks up to `height`, one transfer each (a changing seen-set and balances), waiting
    // for each snapshot write so the test does not depend on the thread pool's timing.
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
    public void Open_AfterSnapshots_StartsFromTheNewestAndReplaysOnlyTheBlocksAfterIt()
    {
        Hash32 root;
        using (LedgerEngine engine = Open())
        {
            CommitUpTo(engine, 23);
            root = engine.Committed.StateRoot;
            Assert.Equal(2, engine.Snapshots.Written);
        }

        using LedgerEngine reopened = Open();
        Assert.Equal(new LedgerRestore(20, 3), reopened.Restored);
        Assert.Equal(23UL, reopened.Committed.Height);
        Assert.Equal(root, reopened.Committed.StateRoot);
        Assert.Equal(TestBlocks.Id(23), reopened.Committed.BlockId);
    }

    [Fact]
    public void Open_ChainsOfDifferentLengths_ReplayTheSameNumberOfBlocks()
    {
        var replayed = new List<LedgerRestore>();
        foreach (ulong length in new ulong[] { 13, 53, 93 })
        {
            using (LedgerEngine engine = Open())
            {
                CommitUpTo(engine, length);
            }

            using (LedgerEngine reopened = Open())
            {
                replayed.Add(reopened.Restored);
                Assert.Equal(length, reopened.Committed.Height);
            }
        }

        Assert.All(replayed, r => Assert.Equal(3UL, r.BlocksReplayed));
        Assert.Equal([10UL, 50UL, 90UL], replayed.Select(r => r.SnapshotHeight));
    }

    [Fact]
    public void Commit_ManySnapshots_KeepsOnlyTheNewest()
    {
        using LedgerEngine engine = Open(every: 5, kept: 2);
        CommitUpTo(engine, 27);
        Assert.Equal([25UL, 20UL], new SnapshotStore(_directory, 2, Storage.OsFileDurability.Instance).Heights());
    }

    [Fact]
    public void Open_DamagedNewestSnapshot_FallsBackToTheOlderOne()
    {
        Hash32 root;
        using (LedgerEngine engine = Open())
        {
            CommitUpTo(engine, 25);
            root = engine.Committed.StateRoot;
        }

        string newest = Path.Combine(_directory, SnapshotStore.FolderName, 20UL.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".snapshot");
        byte[] bytes = File.ReadAllBytes(newest);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(newest, bytes);

        using LedgerEngine reopened = Open();
        Assert.Equal(new LedgerRestore(10, 15), reopened.Restored);
        Assert.Equal(root, reopened.Committed.StateRoot);
    }

    [Fact]
    public void Open_SnapshotOfAnotherChainAtTheHeight_IsNotLoaded()
    {
        using (LedgerEngine engine = Open())
        {
            CommitUpTo(engine, 12);
        }

        // A whole, well-formed snapshot of height 10 whose block id is not the committed one
        // (another branch, another chain): it must not become this replica's state.
        string path = Path.Combine(_directory, SnapshotStore.FolderName, 10UL.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".snapshot");
        using (var file = File.Create(path))
        {
            var harness = new ExecutionHarness(Chain);
            for (int i = 0; i < 10; i++)
            {
                harness.Run(1_000);
            }

            SnapshotFormat.Write(file, new CommittedView(10, TestBlocks.Id(10, 1), harness.State));
        }

        using LedgerEngine reopened = Open();
        Assert.Equal(new LedgerRestore(0, 12), reopened.Restored);
        Assert.Equal(12UL, reopened.Committed.Height);
    }

    [Fact]
    public void Open_SnapshotsOff_ReplaysFromGenesis()
    {
        using (LedgerEngine engine = Open(every: 0))
        {
            CommitUpTo(engine, 12);
            Assert.Equal(0, engine.Snapshots.Written);
        }

        using LedgerEngine reopened = Open(every: 0);
        Assert.Equal(new LedgerRestore(0, 12), reopened.Restored);
    }

    [Fact]
    public void Open_InvalidSnapshotOptions_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(every: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(kept: 0));
    }
}
