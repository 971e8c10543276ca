using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Node.Configuration;
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
    public async Task GetAccountHistory_LimitOverThePageSize_RefusedWithOutOfRangeAndCounted()
    {
        await using var node = UnstartedNode.Create();
        node.CommitBlocks(1);
        var api = new ClientApiService(node.Context);
        var pageSize = (uint)node.Context.Limits.HistoryPageSize;
        var account = Google.Protobuf.ByteString.CopyFrom(new byte[32]);

        var refused = await Assert.ThrowsAsync<RpcException>(() => api.GetAccountHistory(new GetAccountHistoryRequest { PublicKey = account, Limit = pageSize + 1 }, null!));
        var atTheLimit = await api.GetAccountHistory(new GetAccountHistoryRequest { PublicKey = account, Limit = pageSize }, null!);

        Assert.Equal(StatusCode.OutOfRange, refused.StatusCode);
        Assert.Contains("limits.historyPageSize", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, node.Context.Metrics.LimitRefusals(Observability.LimitNames.HistoryPageSize));
        Assert.Empty(atTheLimit.Entries);
        Assert.Equal((0UL, 1UL), (atTheLimit.NextBeforeHeight, atTheLimit.ScannedFromHeight));
    }

    [Fact]
    public async Task TryProve_CommittedTransaction_ProofReachesTheBlocksStateRoot()
    {
        await using var node = UnstartedNode.Create();
        var blocks = node.CommitBlocks(2, payloadBytes: 100_000);
        var stored = node.Context.Ledger.GetBlock(2)!;
        var ids = Ledger.Execution.Receipt.DecodeAll(stored.Receipts).Select(r => r.TransactionId).ToList();

        var committed = node.Context.TransferProofs.TryProve(ids[3], out _)!;

        Assert.Equal(ids[3], committed.Transaction.Id);
        Assert.Equal(ids[3], committed.Proof.TransactionId);
        Assert.True(committed.Proof.Verify(stored.StateRoot));
        Assert.Equal(stored.TxRoot, committed.Proof.Header.TxRoot);
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
        Task<(CommittedTransaction? Proof, string Refusal)>[] calls = [];
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

    [Fact]
    public async Task StreamCommits_SubscribersAtTheLimit_RefusedWithResourceExhaustedAndCounted()
    {
        await using var node = UnstartedNode.Create();
        var context = node.Context with { Feed = new CommitFeed(maxSubscribers: 1, buffer: 4), Limits = new NodeLimitsConfig { CommitSubscribers = 1 } };
        using var open = context.Feed.TrySubscribe();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new ClientApiService(context).StreamCommits(new StreamCommitsRequest(), new RecordingStreamWriter<CommitNotice>(), new TestCallContext(timeout.Token)));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("limits.commitSubscribers", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, context.Metrics.LimitRefusals(Observability.LimitNames.CommitSubscribers));
    }

    [Fact]
    public async Task StreamCommits_FromFurtherBackThanTheReplayLimit_ReplaysTheLimitThenNamesTheHeightToCallAgainFrom()
    {
        await using var node = UnstartedNode.Create();
        node.CommitBlocks(5);
        var context = node.Context with { Limits = new NodeLimitsConfig { CommitReplayBlocks = 3 } };
        var stream = new RecordingStreamWriter<CommitNotice>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var ended = await Assert.ThrowsAsync<RpcException>(() =>
            new ClientApiService(context).StreamCommits(new StreamCommitsRequest { FromHeight = 1 }, stream, new TestCallContext(timeout.Token)));

        Assert.Equal(StatusCode.OutOfRange, ended.StatusCode);
        Assert.Contains("from_height 4", ended.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([1UL, 2UL, 3UL], stream.Written.Select(n => n.Height));
        Assert.All(stream.Written, n => Assert.Equal(0u, n.Transactions));
    }

    [Fact]
    public async Task StreamCommits_ReplayThenLive_EveryHeightOnceInOrder()
    {
        await using var node = UnstartedNode.Create();
        node.CommitBlocks(3, payloadBytes: 40_000);
        var stream = new RecordingStreamWriter<CommitNotice>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var call = new ClientApiService(node.Context).StreamCommits(new StreamCommitsRequest { FromHeight = 2 }, stream, new TestCallContext(stop.Token));
        Assert.True(SpinWait.SpinUntil(() => stream.Written.Count == 2, TimeSpan.FromSeconds(30)));

        node.Context.Feed.Publish(new CommitNotification(3, default, default, 9, 0));
        node.Context.Feed.Publish(new CommitNotification(4, default, default, 9, 0));
        Assert.True(SpinWait.SpinUntil(() => stream.Written.Count == 3, TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await call;

        Assert.Equal([2UL, 3UL, 4UL], stream.Written.Select(n => n.Height));
        Assert.Equal(3u, stream.Written[0].Transactions);
    }

    [Fact]
    public async Task StreamCommits_LiveClientThatStoppedReading_DroppedWithResourceExhaustedNamingWhereToResume()
    {
        await using var node = UnstartedNode.Create();
        node.CommitBlocks(2);
        var context = node.Context with { Feed = new CommitFeed(maxSubscribers: 4, buffer: 2) };
        var lagged = 0;
        context.Feed.SubscriberLagged += () => lagged++;
        var stream = new RecordingStreamWriter<CommitNotice>(stalled: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var call = new ClientApiService(context).StreamCommits(new StreamCommitsRequest(), stream, new TestCallContext(timeout.Token));
        Assert.True(SpinWait.SpinUntil(() => context.Feed.Subscribers == 1, TimeSpan.FromSeconds(30)));

        // The first notice is taken and its write never completes; two more fill the queue; the fourth finds it full.
        context.Feed.Publish(new CommitNotification(3, default, default, 0, 0));
        Assert.True(await stream.Writing.WaitAsync(TimeSpan.FromSeconds(30)));
        for (ulong height = 4; height <= 6; height++)
        {
            context.Feed.Publish(new CommitNotification(height, default, default, 0, 0));
        }

        var dropped = await Assert.ThrowsAsync<RpcException>(() => call);

        Assert.Equal(StatusCode.ResourceExhausted, dropped.StatusCode);
        Assert.Contains("limits.commitSubscriberBuffer", dropped.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("from_height 3", dropped.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, lagged);
        Assert.Equal(0, context.Feed.Subscribers);
    }
}
