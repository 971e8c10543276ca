using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>Queries from other threads while the event-loop thread executes and commits.</summary>
public sealed class ConcurrentReadTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-concurrent-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public async Task Reads_DuringExecutionAndCommit_AlwaysSeeConsistentSnapshots()
    {
        TestChain chain = TestChain.Create(4, 1_000_000);
        using LedgerEngine engine = LedgerEngine.Open(_directory, chain.Genesis);
        var committedIds = new System.Collections.Concurrent.ConcurrentQueue<Crypto.Hash32>();
        using var done = new CancellationTokenSource();
        int reads = 0;

        Task reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested || reads == 0)
            {
                CommittedView view = engine.Committed;
                foreach (var member in chain.Members)
                {
                    BalanceProof proof = view.State.ProveAccount(member.PublicKey);
                    Assert.True(proof.Verify(view.StateRoot));
                }

                Assert.Equal(4_000_000UL, view.State.TotalSupply);
                if (committedIds.TryPeek(out Crypto.Hash32 id))
                {
                    Assert.NotNull(engine.FindTransaction(id));
                }

                Interlocked.Increment(ref reads);
            }
        });

        for (ulong h = 1; h <= 40; h++)
        {
            long ts = chain.GenesisTimeMs + (long)h * 10;
            Transaction[] txs = [.. Enumerable.Range(0, 20).Select(i => (Transaction)chain.Transfer(i % 4, (i + (int)h) % 4, 1 + (ulong)i, ts))];
            engine.Execute(engine.Committed.BlockId, TestBlocks.Id(h), h, ts, txs);
            engine.Commit(TestBlocks.Id(h), []);
            committedIds.Enqueue(txs[0].Id);
        }

        await done.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        Assert.Equal(40UL, engine.Committed.Height);
    }
}
