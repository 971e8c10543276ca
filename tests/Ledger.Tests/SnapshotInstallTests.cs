using Ledger.Audit;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Snapshots;
using Ledger.Storage;
using Ledger.TestKit.Chains;

namespace Ledger.Tests;

/// <summary>
/// A store installed from a snapshot (a wiped or new replica): it begins above the snapshot's
/// height, commits the blocks after it, reopens from the snapshot, and refuses heights below it
/// with a typed error; a snapshot that is not the certified state is refused and changes nothing.
/// </summary>
public sealed class SnapshotInstallTests : IDisposable
{
    private static readonly TestChain Chain = TestChain.Create();
    private static readonly byte[] BaseCertificate = [0xce, 0x27];
    private static readonly Hash32 GenesisId = GenesisState.DefaultBlockId(Chain.Genesis);
    private readonly string _source = Path.Combine(Path.GetTempPath(), "ledger-install-src-" + Guid.NewGuid().ToString("N"));
    private readonly string _target = Path.Combine(Path.GetTempPath(), "ledger-install-dst-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (string directory in new[] { _source, _target })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, true);
            }
        }
    }

    private static LedgerEngine Open(string directory) =>
        LedgerEngine.Open(directory, Chain.Genesis, new LedgerEngineOptions { SnapshotEveryBlocks = 10, SnapshotsKept = 2 });

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

    // A source chain of 23 blocks (snapshots at 10 and 20) and a copy of its snapshot at 20, as a download.
    private (CertifiedSnapshot Certified, string Download) SourceSnapshot()
    {
        CertifiedSnapshot certified;
        using (LedgerEngine source = Open(_source))
        {
            CommitUpTo(source, 23);
            var root = source.GetBlock(20)!.StateRoot;
            certified = new CertifiedSnapshot(20, TestBlocks.Id(20), root, BaseCertificate);
        }

        Directory.CreateDirectory(_target);
        string download = Path.Combine(_target, "download.tmp");
        File.Copy(new SnapshotStore(_source, 2, OsFileDurability.Instance).PathOf(20), download);
        return (certified, download);
    }

    private string StoreFolder => Path.Combine(_target, "ledger");

    [Fact]
    public void Install_CertifiedSnapshot_StoreBeginsAboveItAndCommitsOn()
    {
        var (certified, download) = SourceSnapshot();
        SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, OsFileDurability.Instance);

        Hash32 root;
        using (LedgerEngine engine = Open(StoreFolder))
        {
            Assert.Equal(20UL, engine.Committed.Height);
            Assert.Equal(certified.StateRoot, engine.Committed.StateRoot);
            Assert.Equal(21UL, engine.FirstHeight);
            Assert.Equal(BaseCertificate, engine.CertificateAt(20));
            Assert.Equal(20UL, engine.CommittedHeightOfBlock(TestBlocks.Id(20)));
            CommitUpTo(engine, 25);
            root = engine.Committed.StateRoot;
        }

        using LedgerEngine reopened = Open(StoreFolder);
        Assert.Equal(25UL, reopened.Committed.Height);
        Assert.Equal(root, reopened.Committed.StateRoot);
        Assert.Equal(21UL, reopened.FirstHeight);
        Assert.NotNull(reopened.GetBlock(21));
    }

    [Fact]
    public void GetBlock_BelowTheInstalledSnapshot_ThrowsNotStored()
    {
        var (certified, download) = SourceSnapshot();
        SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, OsFileDurability.Instance);
        using LedgerEngine engine = Open(StoreFolder);
        CommitUpTo(engine, 21);

        var refused = Assert.Throws<BlockNotStoredException>(() => engine.GetBlock(20));
        Assert.Equal(21UL, refused.FirstHeight);
        Assert.Throws<BlockNotStoredException>(() => engine.GetBlock(1));
        Assert.Contains("installed from a snapshot at height 20", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_RootNotTheCertifiedOne_RefusedAndStoreStaysEmpty()
    {
        var (certified, download) = SourceSnapshot();
        var wrong = certified with { StateRoot = Hash32.Sha256([1, 2, 3]) };

        var refused = Assert.Throws<SnapshotRefusedException>(() => SnapshotInstaller.Install(StoreFolder, GenesisId, download, wrong, 2, OsFileDurability.Instance));
        Assert.Equal(SnapshotRefusal.RootMismatch, refused.Reason);
        Assert.False(Directory.Exists(Path.Combine(StoreFolder, SnapshotStore.FolderName)) && Directory.EnumerateFiles(Path.Combine(StoreFolder, SnapshotStore.FolderName)).Any());
        using LedgerEngine engine = Open(StoreFolder);
        Assert.Equal(0UL, engine.Committed.Height);
        Assert.Equal(1UL, engine.FirstHeight);
    }

    [Fact]
    public void Install_SnapshotOfAnotherHeight_Refused()
    {
        var (certified, download) = SourceSnapshot();
        var refused = Assert.Throws<SnapshotRefusedException>(() => SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified with { Height = 10 }, 2, OsFileDurability.Instance));
        Assert.Equal(SnapshotRefusal.RootMismatch, refused.Reason);
    }

    [Fact]
    public void Install_DamagedFile_RefusedAsUnreadable()
    {
        var (certified, download) = SourceSnapshot();
        byte[] bytes = File.ReadAllBytes(download);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(download, bytes);

        var refused = Assert.Throws<SnapshotRefusedException>(() => SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, OsFileDurability.Instance));
        Assert.Equal(SnapshotRefusal.Unreadable, refused.Reason);
    }

    [Fact]
    public void Install_StoreFarBehind_ReplacesItsBlocksAndCommitsOn()
    {
        var (certified, download) = SourceSnapshot();
        Hash32 oldId;
        using (LedgerEngine engine = Open(StoreFolder))
        {
            CommitUpTo(engine, 12);
            oldId = Ledger.Execution.Receipt.DecodeAll(engine.GetBlock(5)!.Receipts)[0].TransactionId;
        }

        SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, OsFileDurability.Instance);

        Hash32 root;
        using (LedgerEngine engine = Open(StoreFolder))
        {
            Assert.Equal(20UL, engine.Committed.Height);
            Assert.Equal(certified.StateRoot, engine.Committed.StateRoot);
            Assert.Equal(21UL, engine.FirstHeight);
            Assert.Equal(BaseCertificate, engine.CertificateAt(20));
            Assert.Throws<BlockNotStoredException>(() => engine.GetBlock(5));
            Assert.Null(engine.LocateTransaction(oldId));
            CommitUpTo(engine, 25);
            root = engine.Committed.StateRoot;
        }

        using LedgerEngine reopened = Open(StoreFolder);
        Assert.Equal(25UL, reopened.Committed.Height);
        Assert.Equal(root, reopened.Committed.StateRoot);
        Assert.Equal(21UL, reopened.FirstHeight);
    }

    // A crash at each flush of an install over a store far behind in turn (the k-th flush throws,
    // as if the process died there): the next open finds the old store, whole, or the new one.
    [Fact]
    public void Open_AfterACrashAtAnyFlushOfAnInstallOverAStoreFarBehind_FindsTheOldStoreOrTheNewOne()
    {
        var (certified, download) = SourceSnapshot();
        using (LedgerEngine engine = Open(StoreFolder))
        {
            CommitUpTo(engine, 12);
        }

        string pristine = _target + "-pristine";
        StorePruneTests.CopyDirectory(_target, pristine);
        var heads = new List<ulong>();
        bool completed = false;
        try
        {
            for (int crashAt = 1; !completed && crashAt < 50; crashAt++)
            {
                Directory.Delete(_target, true);
                StorePruneTests.CopyDirectory(pristine, _target);
                var crashing = new StorePruneTests.CrashingDurability(crashAt);
                crashing.Arm();
                try
                {
                    SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, crashing);
                    completed = true;
                }
                catch (IOException e) when (e.Message == StorePruneTests.CrashingDurability.Crash)
                {
                }
                catch (Exception e) when (e is StoreCorruptedException or InvalidOperationException)
                {
                    // The install itself refused (not the injected crash): name the point and what blocks/ held.
                    throw new InvalidOperationException($"the install failed with flush {crashAt} armed to crash: {e.Message}; {BlockSegments()}", e);
                }

                using LedgerEngine reopened = OpenAfterCrash(crashAt);
                ulong head = reopened.Committed.Height;
                heads.Add(head);
                Assert.True(head is 12 or 20, $"crash at flush {crashAt}: head {head}");
                Assert.Equal(head == 12 ? 1UL : 21UL, reopened.FirstHeight);
                if (head == 12)
                {
                    Assert.NotNull(reopened.GetBlock(1));
                }

                CommitUpTo(reopened, 24);
                Assert.Equal(24UL, reopened.Committed.Height);
            }
        }
        finally
        {
            Directory.Delete(pristine, true);
        }

        Assert.True(completed);
        Assert.Contains(12UL, heads);
        Assert.Contains(20UL, heads);
    }

    // Names the crash point in a failure to open.
    private LedgerEngine OpenAfterCrash(int crashAt)
    {
        try
        {
            return Open(StoreFolder);
        }
        catch (StoreCorruptedException e)
        {
            throw new InvalidOperationException($"the store does not open after a crash at flush {crashAt}: {e.Message}; {BlockSegments()}", e);
        }
    }

    // The segment files (name: bytes) in the store's blocks/ folder, for a failure's message.
    private string BlockSegments()
    {
        string folder = Path.Combine(StoreFolder, "blocks");
        return !Directory.Exists(folder)
            ? "no blocks/ folder"
            : "blocks/ holds " + string.Join(", ", Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)}: {new FileInfo(f).Length} bytes"));
    }

    [Theory]
    [InlineData(20UL)]
    [InlineData(22UL)]
    public void Install_StoreAtOrAboveTheSnapshot_RefusedAndChangesNothing(ulong head)
    {
        var (certified, download) = SourceSnapshot();
        using (LedgerEngine engine = Open(StoreFolder))
        {
            CommitUpTo(engine, head);
        }

        var refused = Assert.Throws<SnapshotRefusedException>(() => SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, OsFileDurability.Instance));
        Assert.Equal(SnapshotRefusal.StoreNotBehind, refused.Reason);
        using LedgerEngine reopened = Open(StoreFolder);
        Assert.Equal(head, reopened.Committed.Height);
        Assert.Equal(1UL, reopened.FirstHeight);
        Assert.NotNull(reopened.GetBlock(1));
    }

    [Fact]
    public void Audit_InstalledStore_StartsFromTheSnapshotAndSaysSo()
    {
        var (certified, download) = SourceSnapshot();
        SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, OsFileDurability.Instance);
        using (LedgerEngine engine = Open(StoreFolder))
        {
            CommitUpTo(engine, 24);
        }

        using LedgerStore store = LedgerStore.Open(StoreFolder);
        CommittedView snapshot = new SnapshotStore(StoreFolder, 2, OsFileDurability.Instance).Read(20);
        AuditReport report = ChainAuditor.Audit(store, Chain.Genesis, GenesisId, baseSnapshot: snapshot);
        Assert.True(report.Clean, report.Divergence?.ToString());
        Assert.Equal(20UL, report.StartHeight);
        Assert.Equal(4UL, report.BlocksChecked);

        AuditReport withoutSnapshot = ChainAuditor.Audit(store, Chain.Genesis, GenesisId);
        Assert.Equal("snapshot base", withoutSnapshot.Divergence?.What);
    }

    [Fact]
    public async Task Open_InstalledStore_IndexesOnlyItsStoredBlocksAndFindsTheirTransactions()
    {
        var (certified, download) = SourceSnapshot();
        SnapshotInstaller.Install(StoreFolder, GenesisId, download, certified, 2, OsFileDurability.Instance);
        Hash32 id;
        using (LedgerEngine engine = Open(StoreFolder))
        {
            CommitUpTo(engine, 22);
            id = Ledger.Execution.Receipt.DecodeAll(engine.GetBlock(22)!.Receipts)[0].TransactionId;
        }

        using (LedgerStore store = LedgerStore.Open(StoreFolder))
        {
            // The re-indexing pass covers the stored blocks only (blocks 1 to 20 are not there to read).
            await store.TransactionIndexComplete.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(22UL, store.FindTransaction(id)?.Height);
        }
    }
}
