using Ledger.Crypto;
using Ledger.Storage;
using Ledger.Storage.TransactionIds;

namespace Ledger.Tests;

/// <summary>
/// <see cref="LedgerStore.ReplaceWithBase"/>: a store far behind gives up every block for a
/// snapshot base above its head and commits on above the base, and a crash at any flush of the
/// replace leaves the new store, with nothing of the old below it once it has been opened again.
/// </summary>
public sealed class StoreReplaceTests : IDisposable
{
    private const ulong OldHead = 40;
    private const ulong BaseHeight = 60;

    // Runs of 8 blocks, so the old chain has transaction-id run files for the replace to drop.
    private static readonly TransactionIndexOptions SmallRuns = new() { RunBlocks = 8, RunTransactions = 64, MaxRuns = 6 };
    private static readonly BlockFileOptions SmallSegments = new() { SegmentBytes = BlockFileOptions.MinimumSegmentBytes };
    private static readonly byte[] BaseCertificate = [0xba, 0x5e];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-store-replace-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    private static StoreBase Base(ulong height)
    {
        StoredBlock block = StoreSegmentTests.Block(height);
        return new StoreBase(height, block.BlockId, block.Header, BaseCertificate);
    }

    private static LedgerStore Open(string directory, IFileDurability? durability = null) =>
        LedgerStore.Open(directory, durability ?? OsFileDurability.Instance, SmallRuns, SmallSegments);

    private void WriteOldChain()
    {
        using LedgerStore store = Open(_directory);
        store.Initialise(Hash32.Sha256("genesis"u8));
        for (ulong h = 1; h <= OldHead; h++)
        {
            store.Append(StoreSegmentTests.Block(h), StoreTestBlocks.Ids(h, 3));
        }

        store.TransactionIndexSealing.GetAwaiter().GetResult();
    }

    private string[] RunFiles() => [.. Directory.EnumerateFiles(Path.Combine(_directory, "txindex"), "*.run")];

    [Fact]
    public void ReplaceWithBase_StoreBelowTheBase_DropsEveryBlockAndCommitsOnAboveIt()
    {
        WriteOldChain();
        Assert.NotEmpty(RunFiles());
        Assert.True(StoreSegmentTests.SegmentFiles(_directory).Length > 1);

        using (LedgerStore store = Open(_directory))
        {
            PruneResult result = store.ReplaceWithBase(Base(BaseHeight));

            Assert.Equal(BaseHeight + 1, result.FirstHeight);
            Assert.Equal((long)OldHead, result.IndexDocuments);
            Assert.Equal(BaseHeight, store.HeadHeight);
            Assert.Equal(BaseHeight + 1, store.FirstHeight);
            Assert.Equal(BaseCertificate, store.Base!.Certificate);
            Assert.Equal(BaseHeight + 1, Assert.Throws<BlockNotStoredException>(() => store.GetBlock(OldHead)).FirstHeight);
            Assert.Null(store.HeightOfBlock(StoreSegmentTests.Block(10).BlockId));
            Assert.Equal(BaseHeight, store.HeightOfBlock(StoreSegmentTests.Block(BaseHeight).BlockId));
            Assert.Null(store.FindTransaction(StoreTestBlocks.Ids(10, 3)[0]));
            Assert.Equal((StoreSegmentTests.Block(BaseHeight).BlockId, StoreSegmentTests.Block(BaseHeight).Header.Root), store.CommittedRoot(BaseHeight));
            Assert.Empty(RunFiles());
            Assert.Equal([BlockFile.SegmentName(0)[(BlockFile.FolderName.Length + 1)..]], StoreSegmentTests.SegmentFiles(_directory));

            store.Append(StoreSegmentTests.Block(BaseHeight + 1), StoreTestBlocks.Ids(BaseHeight + 1, 3));
            Assert.Equal(BaseHeight + 1, store.FindTransaction(StoreTestBlocks.Ids(BaseHeight + 1, 3)[1])?.Height);
        }

        Assert.Equal(0, StorePruneTests.IndexDocumentsBelow(_directory, BaseHeight + 1));
        using LedgerStore reopened = Open(_directory);
        Assert.Equal(BaseHeight + 1, reopened.HeadHeight);
        Assert.Equal(BaseHeight + 1, reopened.FirstHeight);
        Assert.Equal(0, reopened.LeftoverSegmentsRemoved);
        Assert.Equal(0, reopened.LeftoverIndexDocumentsRemoved);
        Assert.Equal(StoreSegmentTests.Block(BaseHeight + 1).Payload, reopened.GetBlock(BaseHeight + 1)!.Payload);
    }

    [Theory]
    [InlineData(OldHead)]
    [InlineData(OldHead - 5)]
    public void ReplaceWithBase_BaseAtOrBelowTheHead_RefusedAndChangesNothing(ulong baseHeight)
    {
        WriteOldChain();
        using LedgerStore store = Open(_directory);

        Assert.Throws<InvalidOperationException>(() => store.ReplaceWithBase(Base(baseHeight)));
        Assert.Equal(OldHead, store.HeadHeight);
        Assert.Equal(1UL, store.FirstHeight);
        Assert.Equal(StoreSegmentTests.Block(1).Payload, store.GetBlock(1)!.Payload);
    }

    // A crash at each flush of a replace in turn (the k-th flush throws, as if the process died
    // there): the next open finishes the replace.
    [Fact]
    public void Open_AfterACrashAtAnyFlushOfAReplace_FindsTheOldStoreOrTheNewOne()
    {
        WriteOldChain();
        string pristine = _directory + "-pristine";
        StorePruneTests.CopyDirectory(_directory, pristine);
        bool completed = false;
        var outcomes = new List<(long Documents, int Segments)>();
        try
        {
            for (int crashAt = 1; !completed && crashAt < 50; crashAt++)
            {
                Directory.Delete(_directory, true);
                StorePruneTests.CopyDirectory(pristine, _directory);
                var crashing = new StorePruneTests.CrashingDurability(crashAt);
                using (LedgerStore store = Open(_directory, crashing))
                {
                    crashing.Arm();
                    try
                    {
                        store.ReplaceWithBase(Base(BaseHeight));
                        completed = true;
                    }
                    catch (IOException e) when (e.Message == StorePruneTests.CrashingDurability.Crash)
                    {
                    }

                    crashing.Disarm();
                }

                using (LedgerStore reopened = Open(_directory))
                {
                    ulong head = reopened.HeadHeight;
                    outcomes.Add((reopened.LeftoverIndexDocumentsRemoved, reopened.LeftoverSegmentsRemoved));
                    // The replace's first flush is its head write's log flush, after LiteDB has
                    // the transaction, so every crash point here finds the new store (a crash before
                    // it, in the snapshot's adoption, leaves the old one: SnapshotInstallTests).
                    Assert.Equal(BaseHeight, head);
                    Assert.Equal(BaseHeight + 1, reopened.FirstHeight);
                    Assert.Equal(0, StorePruneTests.IndexDocumentsBelow(_directory, BaseHeight + 1));
                    Assert.Empty(RunFiles());
                    Assert.Equal([BlockFile.SegmentName(0)[(BlockFile.FolderName.Length + 1)..]], StoreSegmentTests.SegmentFiles(_directory));
                    Assert.Null(reopened.FindTransaction(StoreTestBlocks.Ids(10, 3)[2]));
                    Assert.Throws<BlockNotStoredException>(() => reopened.GetBlock(OldHead));
                    reopened.Append(StoreSegmentTests.Block(BaseHeight + 1), StoreTestBlocks.Ids(BaseHeight + 1, 3));
                    Assert.Equal(StoreSegmentTests.Block(BaseHeight + 1).Payload, reopened.GetBlock(BaseHeight + 1)!.Payload);
                }
            }
        }
        finally
        {
            Directory.Delete(pristine, true);
        }

        Assert.True(completed);

        // Some crash points left index documents, some left segments (or both) for the open to remove.
        Assert.Contains(outcomes, o => o.Documents > 0);
        Assert.Contains(outcomes, o => o.Segments > 0);
    }
}
