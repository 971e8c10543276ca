using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Storage;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// <see cref="LedgerStore.Append(ExecutionResult, ReadOnlySpan{byte})"/> encodes into chunks it
/// reuses for the next block: what it stores must be exactly <see cref="StoredBlock.From(ExecutionResult, ReadOnlySpan{byte})"/>,
/// for every block, after the chunks were reused.
/// </summary>
public sealed class StorePooledAppendTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-store-pooled-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public void Append_ExecutedBlocksThroughReusedChunks_StoresExactlyTheirStoredForm()
    {
        var harness = new ExecutionHarness(TestChain.Create(4, 1_000_000));
        var results = new List<ExecutionResult>();
        byte[] certificate = [.. Enumerable.Range(0, 70_000).Select(i => (byte)i)];
        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            store.Initialise(Hash32.Sha256("genesis"u8));
            for (int block = 0; block < 3; block++)
            {
                long ts = harness.TimestampMs + 1_000;
                Transaction[] transfers = [.. Enumerable.Range(0, 420).Select(i => (Transaction)harness.Chain.Transfer(i % 4, (i + block + 1) % 4, (ulong)(i + 1), ts))];
                ExecutionResult result = harness.Run(1_000, transfers);
                Assert.All(result.Receipts, r => Assert.True(r.Succeeded, r.Status.ToString()));
                certificate[0] = (byte)block;
                store.Append(result, certificate);
                results.Add(result);
            }
        }

        using LedgerStore reopened = LedgerStore.Open(_directory);
        Assert.Equal(3UL, reopened.HeadHeight);
        for (int b = 0; b < results.Count; b++)
        {
            certificate[0] = (byte)b;
            StoredBlock expected = StoredBlock.From(results[b], certificate);
            StoredBlock stored = reopened.GetBlock((ulong)b + 1)!;
            Assert.True(expected.Payload.Length > ChunkedBytes.MaxChunkSize, "the payload should fill a reused chunk");
            Assert.Equal((expected.BlockId, expected.ParentBlockId, expected.TimestampMs, expected.TxRoot, expected.StateRoot),
                (stored.BlockId, stored.ParentBlockId, stored.TimestampMs, stored.TxRoot, stored.StateRoot));
            Assert.Equal(expected.Payload, stored.Payload);
            Assert.Equal(expected.Certificate, stored.Certificate);
            Assert.Equal(expected.Receipts, stored.Receipts);
            Assert.Equal(expected.StateDiff, stored.StateDiff);
            Transaction last = results[b].Block.Transactions[^1];
            Assert.Equal(new TransactionLocation((ulong)b + 1, 419), reopened.FindTransaction(last.Id));
        }
    }

    [Fact]
    public void Append_ExecutedBlockNotOnTheHead_IsRefusedAndWritesNothing()
    {
        var harness = new ExecutionHarness(TestChain.Create(4, 1_000_000));
        ExecutionResult first = harness.Run(1_000, harness.Chain.Transfer(0, 1, 5, harness.TimestampMs + 1_000));
        ExecutionResult second = harness.Run(1_000, harness.Chain.Transfer(1, 2, 5, harness.TimestampMs + 1_000));
        using LedgerStore store = LedgerStore.Open(_directory);
        store.Initialise(Hash32.Sha256("genesis"u8));

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => store.Append(second, [1]));

        Assert.Contains("cannot store height 2 on a head at 0", e.Message, StringComparison.Ordinal);
        Assert.Null(store.FindTransaction(second.Block.Transactions[0].Id));
        store.Append(first, [1]);
        Assert.Equal(new TransactionLocation(1, 0), store.FindTransaction(first.Block.Transactions[0].Id));
    }
}
