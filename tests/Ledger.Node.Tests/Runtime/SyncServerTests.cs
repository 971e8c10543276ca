using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;

namespace Ledger.Node.Tests.Runtime;

public sealed class SyncServerTests
{
    [Fact]
    public async Task RespondAsync_CommittedTarget_AnsweredWhileTheEventLoopIsNotRunning()
    {
        await using var node = UnstartedNode.Create();
        var blocks = node.CommitBlocks(3);

        var response = await node.Context.Sync.RespondAsync(new SyncRequest(blocks[2].Id, 0), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(blocks.Select(b => b.Id), response.Blocks.Select(b => b.Id));
        Assert.Null(SyncVerifier.Check(response, node.Verifier(), NodeHost.ConsensusMaxPayloadBytes, node.TimeWindow));
        Assert.Equal(blocks[2].Id, response.TipQc!.BlockId);
    }

    [Fact]
    public async Task RespondAsync_NearFullBlocks_EveryReplyFitsWhatPeersReceiveAndTheChainCompletes()
    {
        // 30 blocks of about 1.8 MB: all of them would be 54 MB, over the 48 MiB peer message limit.
        await using var node = UnstartedNode.Create();
        var blocks = node.CommitBlocks(30, payloadBytes: 1_800_000);

        var received = new List<Block>();
        var replies = 0;
        while (received.Count < blocks.Count && replies++ < blocks.Count)
        {
            var above = received.Count == 0 ? 0 : received[^1].Height;
            var response = await node.Context.Sync.RespondAsync(new SyncRequest(blocks[^1].Id, above), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.NotEmpty(response.Blocks);
            Assert.True(ConsensusCodec.Encode(response).Length <= NodeLimitsValidator.MaxSyncReplyBytes, $"reply {replies} does not fit a peer message");
            Assert.Null(SyncVerifier.Check(response, node.Verifier(), NodeHost.ConsensusMaxPayloadBytes, node.TimeWindow));
            received.AddRange(response.Blocks);
        }

        Assert.Equal(blocks.Select(b => b.Id), received.Select(b => b.Id));
        Assert.True(replies > 1);
    }

    [Fact]
    public async Task TryAdmit_PeerWithItsRepliesInPreparation_RefusedAndCountedWhileOtherPeersAreAdmitted()
    {
        await using var node = UnstartedNode.Create();
        var metrics = new NodeMetrics();
        using var server = new SyncServer(node.Context.Loop, new NodeLimitsConfig { SyncRepliesPerPeer = 2 }, metrics);
        using var first = server.TryAdmit("org2-v1", out _);
        var second = server.TryAdmit("org2-v1", out _);

        var third = server.TryAdmit("org2-v1", out var refusal);
        using var other = server.TryAdmit("org3-v1", out _);
        second!.Dispose();
        using var afterOneFinished = server.TryAdmit("org2-v1", out _);

        Assert.Null(third);
        Assert.Contains("limits.syncRepliesPerPeer", refusal, StringComparison.Ordinal);
        Assert.NotNull(other);
        Assert.NotNull(afterOneFinished);
        Assert.Equal(1, metrics.LimitRefusals(LimitNames.SyncRepliesPerPeer));
    }

    [Fact]
    public async Task TryAdmit_PeerOverItsRequestRate_RefusedAndCounted()
    {
        await using var node = UnstartedNode.Create();
        var metrics = new NodeMetrics();

        // A period of an hour: no refill happens while the test runs.
        using var server = new SyncServer(node.Context.Loop, new NodeLimitsConfig { SyncRequestsPerPeerPerSecond = 3, SyncRepliesPerPeer = 10 }, metrics, TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++)
        {
            using var admitted = server.TryAdmit("org2-v1", out _);
            Assert.NotNull(admitted);
        }

        var refused = server.TryAdmit("org2-v1", out var refusal);

        Assert.Null(refused);
        Assert.Contains("limits.syncRequestsPerPeerPerSecond", refusal, StringComparison.Ordinal);
        Assert.Equal(1, metrics.LimitRefusals(LimitNames.SyncRequestsPerPeerPerSecond));
    }

    [Fact]
    public void ThrowIfBelowBase_RequestNeedingABlockBelowTheSnapshot_RefusedAsNotStored()
    {
        var target = Crypto.Hash32.Sha256("target"u8);

        var refused = Assert.Throws<Storage.BlockNotStoredException>(() => SyncServer.ThrowIfBelowBase(new SyncRequest(target, 5), baseHeight: 20));
        Assert.Equal(6UL, refused.Height);
        Assert.Equal(21UL, refused.FirstHeight);

        // The base block itself is served (from its certificate), and a full store serves everything.
        SyncServer.ThrowIfBelowBase(new SyncRequest(target, 19), baseHeight: 20);
        SyncServer.ThrowIfBelowBase(new SyncRequest(target, 0), baseHeight: 0);
    }
}
