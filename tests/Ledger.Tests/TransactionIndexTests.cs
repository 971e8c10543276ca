using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Storage;
using Ledger.Storage.TransactionIds;
using Ledger.TestKit;

namespace Ledger.Tests;

/// <summary>
/// The store's transaction-id index with small bounds: the newest blocks in memory, older ones in
/// run files that survive a reopen, merged, rebuilt from the blocks when lost, and memory that
/// does not grow with the chain.
/// </summary>
public sealed class TransactionIndexTests : IDisposable
{
    private const int IdsPerBlock = 4;

    private static readonly TransactionIndexOptions Small = new() { RunBlocks = 8, RunTransactions = 64, MaxRuns = 6 };

    private static readonly Hash32 Repeated = Hash32.Sha256("repeated"u8);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-txindex-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    // Four ids per block; a faulty proposer's repeat of one id at heights 5 (failed), 77
    // (succeeded) and 150 (failed), in three different runs.
    private static Receipt[] ReceiptsAt(ulong height)
    {
        var receipts = StoreTestBlocks.Ids(height, IdsPerBlock).Select(id => new Receipt(id, ReceiptStatus.Success)).ToList();
        if (height is 5 or 77 or 150)
        {
            receipts.Add(new Receipt(Repeated, height == 77 ? ReceiptStatus.Success : ReceiptStatus.Replay));
        }

        return [.. receipts];
    }

    private static StoredBlock BlockAt(ulong height) =>
        new(height, Hash32.Sha256(BitConverter.GetBytes(height)), Hash32.Sha256(BitConverter.GetBytes(height - 1)), StoreTestBlocks.Header(height, 1_000 + (long)height),
            [1, 2, 3], [4], Receipt.EncodeAll(ReceiptsAt(height)), [5]);

    private LedgerStore OpenStore() => LedgerStore.Open(_directory, new RecordingDurability(), Small);

    private void GrowTo(LedgerStore store, ulong height)
    {
        store.Initialise(Hash32.Sha256("genesis"u8));
        for (ulong h = store.HeadHeight + 1; h <= height; h++)
        {
            store.Append(BlockAt(h), [.. ReceiptsAt(h).Select(r => r.TransactionId)]);
        }

        store.TransactionIndexSealing.Wait();
    }

    private static void AssertEveryIdFound(LedgerStore store, ulong head)
    {
        for (ulong h = 1; h <= head; h++)
        {
            Hash32[] ids = StoreTestBlocks.Ids(h, IdsPerBlock);
            for (int i = 0; i < ids.Length; i++)
            {
                Assert.Equal(new TransactionLocation(h, i), store.FindTransaction(ids[i]));
            }
        }

        Assert.Null(store.FindTransaction(Hash32.Sha256("never committed"u8)));
        Assert.Null(store.FindTransaction(StoreTestBlocks.Ids(head + 1, 1)[0]));
    }

    [Fact]
    public void FindTransaction_IdsInRunsAndWindow_FoundBeforeAndAfterReopenWithoutRereadingBlocks()
    {
        using (LedgerStore store = OpenStore())
        {
            GrowTo(store, 200);
            Assert.InRange(store.TransactionIndexRuns, 1, Small.MaxRuns);
            AssertEveryIdFound(store, 200);
        }

        using LedgerStore reopened = OpenStore();
        Assert.True(reopened.TransactionIndexComplete.IsCompletedSuccessfully);
        Assert.Equal(0, reopened.RecordsIndexedInBackground);
        AssertEveryIdFound(reopened, 200);
    }

    [Fact]
    public void FindTransaction_RepeatedIdInSeveralRuns_AnswersTheSuccessfulOccurrence()
    {
        using (LedgerStore store = OpenStore())
        {
            GrowTo(store, 100);
            Assert.Equal(new TransactionLocation(77, IdsPerBlock), store.FindTransaction(Repeated));
            GrowTo(store, 200);
            Assert.Equal(new TransactionLocation(77, IdsPerBlock), store.FindTransaction(Repeated));
        }

        using LedgerStore reopened = OpenStore();
        Assert.Equal(new TransactionLocation(77, IdsPerBlock), reopened.FindTransaction(Repeated));
    }

    [Fact]
    public async Task Open_RunFilesLost_ReindexesTheBlocksIntoRunsAndAnswersTheSame()
    {
        using (LedgerStore store = OpenStore())
        {
            GrowTo(store, 300);
        }

        Directory.Delete(Path.Combine(_directory, TransactionIndex.FolderName), true);
        using (LedgerStore reopened = OpenStore())
        {
            await reopened.TransactionIndexComplete;
            Assert.Equal(300 - LedgerStore.VerifiedTailBlocks, reopened.RecordsIndexedInBackground);
            Assert.InRange(reopened.TransactionIndexRuns, 1, Small.MaxRuns);
            AssertEveryIdFound(reopened, 300);
            Assert.Equal(new TransactionLocation(77, IdsPerBlock), reopened.FindTransaction(Repeated));
        }

        using LedgerStore again = OpenStore();
        Assert.Equal(0, again.RecordsIndexedInBackground);
        AssertEveryIdFound(again, 300);
    }

    [Fact]
    public async Task Open_LeftoverAndDamagedRunFiles_AreDeletedAndTheAnswersStayTheSame()
    {
        using (LedgerStore store = OpenStore())
        {
            GrowTo(store, 120);
        }

        string folder = Path.Combine(_directory, TransactionIndex.FolderName);
        string[] runs = Directory.GetFiles(folder, "*" + TransactionRun.Extension);
        Assert.True(runs.Length >= 2, $"{runs.Length} runs");
        string widest = runs.OrderByDescending(p => new FileInfo(p).Length).First();

        // A merge's input left behind (the same range again, under another name), a temporary
        // file of a write that never finished, and a run cut short.
        File.Copy(widest, Path.Combine(folder, TransactionRun.NameFor(1, 2)));
        File.WriteAllBytes(Path.Combine(folder, TransactionRun.NameFor(1, 8) + ".tmp"), [1, 2, 3]);
        string newest = runs.Where(p => p != widest).OrderBy(p => p, StringComparer.Ordinal).Last();
        byte[] bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..^3]);

        using LedgerStore reopened = OpenStore();

        // The damaged run's blocks come back through the window (the checked tail reaches below
        // them), whose seals write and merge runs in the background.
        await reopened.TransactionIndexComplete;
        await reopened.TransactionIndexSealing;
        AssertEveryIdFound(reopened, 120);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        string[] left = [.. Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.True(reopened.TransactionIndexRuns == left.Length, $"{reopened.TransactionIndexRuns} runs open, files left: {string.Join(", ", left)}");
    }

    [Fact]
    public void TransactionIndexBytes_ChainTenTimesLonger_StaysUnderABoundSetByTheOptionsAlone()
    {
        // Two windows of ids (the one filling and one being written, at a dictionary's capacity
        // of up to twice its count) and, per run, a header and at most MaxFences fences: nothing
        // per block (a map of every id would hold 2,000 x 4 x 60 bytes = 480 KB here).
        long bound = (2 * 2 * (Small.RunTransactions + IdsPerBlock + 1) * 60) + (Small.MaxRuns * (128 + (8 * TransactionRun.MaxFences)));
        var held = new List<long>();
        using (LedgerStore store = OpenStore())
        {
            foreach (ulong length in new ulong[] { 200, 2_000 })
            {
                GrowTo(store, length);
                held.Add(store.TransactionIndexBytes);
                Assert.InRange(store.TransactionIndexRuns, 1, Small.MaxRuns);
            }
        }

        Assert.All(held, h => Assert.InRange(h, 1, bound));
        using LedgerStore reopened = OpenStore();
        Assert.InRange(reopened.TransactionIndexBytes, 1, bound);
        AssertEveryIdFound(reopened, 2_000);
    }
}
