using Ledger.Crypto;
using Ledger.Storage;
using Ledger.Storage.TransactionIds;
using Ledger.TestKit;

namespace Ledger.Tests;

/// <summary>One run file of the transaction index: what is written is found, what is not is not, and a damaged file is refused.</summary>
public sealed class TransactionRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ledger-txrun-").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    private static KeyValuePair<Hash32, IndexedTransaction>[] Entries(int count) =>
        [.. Enumerable.Range(0, count)
            .Select(i => new KeyValuePair<Hash32, IndexedTransaction>(
                Hash32.Sha256(BitConverter.GetBytes(i)),
                new IndexedTransaction(new TransactionLocation(10 + ((ulong)i % 50), i % 7), i % 3 != 0)))
            .OrderBy(e => e.Key)];

    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 64)]
    [InlineData(3_000, 64)]
    [InlineData(3_000, 1_000)]
    public void Find_EveryWrittenIdAndSomeOthers_AnswersExactly(int count, int fenceInterval)
    {
        KeyValuePair<Hash32, IndexedTransaction>[] entries = Entries(count);
        using TransactionRun run = TransactionRun.Write(_directory, 10, 59, entries, count, new RecordingDurability(), minFenceInterval: fenceInterval);

        Assert.All(entries, e => Assert.Equal(e.Value, run.Find(e.Key)));
        Assert.All(Enumerable.Range(count, 200), i => Assert.Null(run.Find(Hash32.Sha256(BitConverter.GetBytes(i)))));
        Assert.Equal(entries, run.ReadAll());
    }

    [Fact]
    public void TryOpen_TruncatedOrFlippedFile_IsRefused()
    {
        using (TransactionRun.Write(_directory, 1, 5, Entries(500), 500, new RecordingDurability()))
        {
        }

        string path = Path.Combine(_directory, TransactionRun.NameFor(1, 5));
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^1]);
        Assert.Null(TransactionRun.TryOpen(path, out string? truncated));
        Assert.NotNull(truncated);

        byte[] flipped = (byte[])whole.Clone();
        flipped[20] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.Null(TransactionRun.TryOpen(path, out _));

        File.WriteAllBytes(path, whole);
        using TransactionRun? reopened = TransactionRun.TryOpen(path, out _);
        Assert.Equal(500, reopened!.Count);
    }

    [Fact]
    public void Write_IdsOutOfOrder_IsRefused()
    {
        KeyValuePair<Hash32, IndexedTransaction>[] entries = Entries(10);
        Array.Reverse(entries);
        Assert.Throws<InvalidOperationException>(() => TransactionRun.Write(_directory, 1, 5, entries, 10, new RecordingDurability()));
    }
}
