using Ledger.Node.Protos.Client;
using Ledger.Node.Runtime;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Runtime;

/// <summary>The client API's bounds, called on an unstarted node (no port, no event loop).</summary>
public sealed class ClientApiLimitsTests
{
    [Fact]
    public async Task GetEquivocations_MoreRecordsThanAPage_PagedByIndexUpToThePageSize()
    {
        await using var node = UnstartedNode.Create();
        var pageSize = node.Context.Limits.EquivocationPageSize;
        for (ulong round = 1; round <= (ulong)pageSize + 5; round++)
        {
            node.Context.Equivocations.Add(new EquivocationRecord($"org{2 + (round % 3)}-v1", round, "Vote", [1]));
        }

        var api = new ClientApiService(node.Context);
        var first = await api.GetEquivocations(new GetEquivocationsRequest(), null!);
        var second = await api.GetEquivocations(new GetEquivocationsRequest { FromIndex = first.NextIndex, MaxRecords = 3 }, null!);
        var last = await api.GetEquivocations(new GetEquivocationsRequest { FromIndex = second.NextIndex, MaxRecords = 100_000 }, null!);

        Assert.Equal(pageSize, first.Evidence.Count);
        Assert.Equal((ulong)pageSize + 5, first.Total);
        Assert.Equal([(ulong)pageSize, (ulong)pageSize + 1, (ulong)pageSize + 2], second.Evidence.Select(e => e.Index));
        Assert.Equal([(ulong)pageSize + 4, (ulong)pageSize + 5], last.Evidence.Select(e => e.Round));
        Assert.Equal(last.Total, last.NextIndex);
    }

    [Fact]
    public async Task TryProve_CommittedTransaction_ProofReachesTheBlocksTransactionRoot()
    {
        await using var node = UnstartedNode.Create();
        var blocks = node.CommitBlocks(2, payloadBytes: 100_000);
        var stored = node.Context.Ledger.GetBlock(2)!;
        var ids = Ledger.Execution.Receipt.DecodeAll(stored.Receipts).Select(r => r.TransactionId).ToList();

        var committed = node.Context.TransferProofs.TryProve(ids[3], out _)!;

        Assert.Equal(ids[3], committed.Proof.Transaction.Id);
        Assert.True(committed.Proof.Verify());
        Assert.Equal(stored.TxRoot, committed.Proof.TxRoot);
        Assert.Equal(blocks[1].Id, CommitCertificate.Decode(committed.Certificate).DecodeBlock(node.ChainId).Id);
        Assert.Null(node.Context.TransferProofs.TryProve(Ledger.Crypto.Hash32.Sha256("never"u8), out var refusal));
        Assert.Empty(refusal);
    }

    [Fact]
    public async Task TryProve_EveryProofSlotBusy_RefusedAtOnceAndCounted()
    {
        await using var node = UnstartedNode.Create();
        node.CommitBlocks(1, payloadBytes: 50_000);
        var id = Ledger.Execution.Receipt.DecodeAll(node.Context.Ledger.GetBlock(1)!.Receipts)[0].TransactionId;
        var metrics = new Observability.NodeMetrics();
        using var proofs = new TransferProofs(node.Context.Ledger, node.Context.Store, inFlight: 1, metrics);

        // With the store gate held here, whichever call takes the only slot waits at the gate, so
        // the other can only finish by being refused.
        Task<(CommittedTransfer? Proof, string Refusal)>[] calls = [];
        node.Context.Store.Run(() =>
        {
            calls = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() => (proofs.TryProve(id, out var refusal), refusal)))];
            Assert.True(Task.WhenAny(calls).Wait(TimeSpan.FromSeconds(30)), "neither call finished while the gate was held");
            var (proof, refusal) = calls.Single(c => c.IsCompleted).Result;
            Assert.Null(proof);
            Assert.Contains("limits.transferProofsInFlight", refusal, StringComparison.Ordinal);
        });
        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => r.Proof is not null);
        Assert.Equal(1, metrics.LimitRefusals(Observability.LimitNames.TransferProofsInFlight));
    }
}
