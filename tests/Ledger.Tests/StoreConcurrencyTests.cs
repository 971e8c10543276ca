using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Tests;

/// <summary>
/// Store reads on other threads while blocks commit, from a fresh data directory, so reads
/// overlap the very first commits (where LiteDB used to create the collections under a reader)
/// and every record write: readers see only committed blocks, each with its own bytes.
/// </summary>
public sealed class StoreConcurrencyTests : IDisposable
{
    private const int Rounds = 60;
    private const int Blocks = 8;
    private const int TransactionsPerBlock = 50;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-store-concurrency-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public async Task Reads_OverlappingCommitsFromAFreshStore_NeverFailAndSeeOnlyCommittedBlocks()
    {
        // The first commits are where the race was, so start from a fresh store several times.
        for (int round = 0; round < Rounds; round++)
        {
            await CommitWhileReadingAsync(Path.Combine(_directory, round.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static async Task CommitWhileReadingAsync(string directory)
    {
        using LedgerStore store = LedgerStore.Open(directory);
        store.Initialise(Hash32.Sha256("genesis"u8));
        Hash32[][] ids = [.. Enumerable.Range(1, Blocks).Select(h => Enumerable.Range(0, TransactionsPerBlock).Select(i => Hash32.Sha256(BitConverter.GetBytes(h * 1000 + i))).ToArray())];
        using var done = new CancellationTokenSource();
        int reads = 0;

        Task[] readers = [.. Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            while (!done.IsCancellationRequested || Volatile.Read(ref reads) < 3)
            {
                ulong head = store.HeadHeight;
                for (ulong h = 1; h <= Blocks; h++)
                {
                    StoredBlock? block = store.GetBlock(h);
                    TransactionLocation? found = store.FindTransaction(ids[h - 1][(int)h % TransactionsPerBlock]);
                    if (h <= head)
                    {
                        Assert.NotNull(block);
                        Assert.Equal(h, block.Height);
                        Assert.Equal(PayloadOf(h), block.Payload);
                        Assert.Equal(new TransactionLocation(h, (int)h % TransactionsPerBlock), found);
                    }
                    else if (block is not null)
                    {
                        // Committed after this pass read the head; never a block past the store's head.
                        Assert.True(h <= store.HeadHeight);
                    }
                }

                Interlocked.Increment(ref reads);
            }
        }))];

        for (ulong h = 1; h <= Blocks; h++)
        {
            var block = new StoredBlock(h, Hash32.Sha256(BitConverter.GetBytes(h)), Hash32.Sha256(BitConverter.GetBytes(h - 1)), StoreTestBlocks.Header(h, 1_000 + (long)h),
                PayloadOf(h), new byte[32], StoreTestBlocks.ReceiptsFor(ids[h - 1]), new byte[16]);
            store.Append(block, ids[h - 1]);
        }

        await done.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(reads >= 3);
        Assert.Equal((ulong)Blocks, store.HeadHeight);
    }

    // Each block's payload differs, so a reader handed another block's bytes, or a record still
    // being written, fails.
    private static byte[] PayloadOf(ulong height) => [.. Enumerable.Range(0, 64 + (int)height).Select(i => (byte)(i + (int)height))];

    [Fact]
    public void Open_AfterCommits_RebuildsTheTransactionIndexFromTheBlocks()
    {
        Hash32 first = Hash32.Sha256("first"u8);
        Hash32 second = Hash32.Sha256("second"u8);
        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            store.Initialise(Hash32.Sha256("genesis"u8));
            store.Append(new StoredBlock(1, Hash32.Sha256("b1"u8), Hash32.Zero, StoreTestBlocks.Header(1, 1), [], [], StoreTestBlocks.ReceiptsFor([first, second]), []), [first, second]);
        }

        using LedgerStore reopened = LedgerStore.Open(_directory);
        Assert.Equal(1UL, reopened.HeadHeight);
        Assert.Equal(new TransactionLocation(1, 0), reopened.FindTransaction(first));
        Assert.Equal(new TransactionLocation(1, 1), reopened.FindTransaction(second));
        Assert.Null(reopened.FindTransaction(Hash32.Sha256("never"u8)));
    }
}
