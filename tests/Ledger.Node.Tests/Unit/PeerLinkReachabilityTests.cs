using Grpc.Core;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A link whose sends fail probes the peer (opening its Link call again, then an empty gossip
/// batch) until it answers, then says the peer is reachable again (the replica re-sends what was
/// lost). Driven by a fake transport; the test waits for the link's events, never for time.
/// </summary>
public sealed class PeerLinkReachabilityTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Reachable_PeerDownThenUp_ProbesWithEmptyGossipAndRaisesOnce()
    {
        var transport = new FakeLinkTransport { Available = false };
        var raised = new List<string>();
        var reachable = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { });
        link.Reachable += name =>
        {
            lock (raised)
            {
                raised.Add(name);
            }

            reachable.TrySetResult(name);
        };

        link.Enqueue(new OutboundItem.Consensus(MessageKind.Timeout, [1, 2, 3]));
        await transport.AttemptsReached(4).WaitAsync(Bound);

        // The timeout was tried (and lost); since then the link keeps trying to open its call.
        Assert.Empty(transport.Written());
        Assert.False(link.Connected);

        transport.Available = true;
        Assert.Equal("org2-v1", await reachable.Task.WaitAsync(Bound));
        Assert.True(link.Connected);

        // The probe that got through is an empty gossip batch; once reachable the link sends only
        // what is queued, on the same call, and says so only once.
        link.Enqueue(new OutboundItem.Consensus(MessageKind.Vote, [4]));
        await transport.WrittenReached(2).WaitAsync(Bound);
        var written = transport.Written();
        Assert.Equal(PeerMessage.BodyOneofCase.Transactions, written[0].Message.BodyCase);
        Assert.Empty(written[0].Message.Transactions.Transactions);
        Assert.Equal(MessageKind.Vote, written[1].Message.Consensus.Kind);
        Assert.Equal(written[0].Call, written[1].Call);
        Assert.Equal(["org2-v1"], raised);
    }

    [Fact]
    public async Task Reachable_PeerRefusesTheLinkThenAccepts_NotConnectedUntilAccepted()
    {
        // A peer that refuses this node (its certificate, or too many links) answers with a status
        // before the call starts: the link counts that as unreachable and keeps probing.
        var transport = new FakeLinkTransport { Refusal = new Status(StatusCode.PermissionDenied, "peer certificate refused") };
        var reachable = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { });
        link.Reachable += name => reachable.TrySetResult(name);

        link.Enqueue(new OutboundItem.Consensus(MessageKind.Vote, [1]));
        await transport.AttemptsReached(3).WaitAsync(Bound);
        Assert.False(link.Connected);
        Assert.Empty(transport.Written());

        transport.Refusal = null;
        Assert.Equal("org2-v1", await reachable.Task.WaitAsync(Bound));
        Assert.True(link.Connected);
    }

    [Fact]
    public async Task Reachable_SendsThatNeverFailed_NotRaised()
    {
        var transport = new FakeLinkTransport();
        int raised = 0;
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { });
        link.Reachable += _ => Interlocked.Increment(ref raised);

        link.Enqueue(new OutboundItem.Consensus(MessageKind.Timeout, [1]));
        link.Enqueue(new OutboundItem.Consensus(MessageKind.Vote, [2]));
        await transport.WrittenReached(2).WaitAsync(Bound);

        Assert.Equal(0, raised);
        Assert.Equal(1, transport.Attempts);
    }
}
