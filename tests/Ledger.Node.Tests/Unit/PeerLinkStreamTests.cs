using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A peer link sends everything on one long-lived Link call: in queue order with consensus before
/// gossip, dropping (and counting) the oldest when a queue is full, reopening the call when the
/// peer ended it, and renewing it after its maximum age. Driven by a fake peer that can hold
/// writes; the tests wait on what it records, never on time.
/// </summary>
public sealed class PeerLinkStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Enqueue_ConsensusAndGossipQueuedBehindASend_ConsensusFirstEachInOrderOnOneCall()
    {
        var transport = new FakeLinkTransport();
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 64, NullLogger.Instance, _ => { });
        transport.HoldWrites();
        link.Enqueue(Vote(1));
        await transport.AttemptsReached(1).WaitAsync(Bound);

        link.Enqueue(Gossip(101));
        link.Enqueue(Vote(2));
        link.Enqueue(Gossip(102));
        link.Enqueue(Vote(3));
        transport.ReleaseWrites();
        await transport.WrittenReached(5).WaitAsync(Bound);

        Assert.Equal(["vote 1", "vote 2", "vote 3", "gossip 101", "gossip 102"], transport.Written().Select(w => Describe(w.Message)));
        Assert.All(transport.Written(), w => Assert.Equal(1, w.Call));
        Assert.Equal(1, link.LinksOpened);
    }

    [Fact]
    public async Task Enqueue_QueueFullWhileASendWaits_DropsTheOldestAndCountsEach()
    {
        var transport = new FakeLinkTransport();
        var dropped = new List<string>();
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 4, NullLogger.Instance, peer =>
        {
            lock (dropped)
            {
                dropped.Add(peer);
            }
        });
        transport.HoldWrites();
        link.Enqueue(Vote(1));
        await transport.AttemptsReached(1).WaitAsync(Bound);

        for (byte i = 2; i <= 7; i++)
        {
            link.Enqueue(Vote(i));
        }

        Assert.Equal(["org2-v1", "org2-v1"], dropped);
        Assert.Equal(4, link.Queued);
        transport.ReleaseWrites();
        await transport.WrittenReached(5).WaitAsync(Bound);
        Assert.Equal(["vote 1", "vote 4", "vote 5", "vote 6", "vote 7"], transport.Written().Select(w => Describe(w.Message)));
    }

    [Fact]
    public async Task Enqueue_PeerRestartedWhileTheLinkWasIdle_ReopensAndLosesNothing()
    {
        var transport = new FakeLinkTransport();
        int raised = 0;
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { });
        link.Reachable += _ => Interlocked.Increment(ref raised);
        link.Enqueue(Vote(1));
        await transport.WrittenReached(1).WaitAsync(Bound);

        transport.EndOpenCalls();
        link.Enqueue(Vote(2));
        await transport.WrittenReached(2).WaitAsync(Bound);

        Assert.Equal([(1, "vote 1"), (2, "vote 2")], transport.Written().Select(w => (w.Call, Describe(w.Message))));
        Assert.True(link.Connected);
        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task Enqueue_CallEndedUnseenByTheLink_RetriesTheMessageOnANewCall()
    {
        // The link cannot always see that a call ended before it writes (the end may still be on
        // its way): the write fails, and the message goes once more on a fresh call.
        var transport = new FakeLinkTransport();
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { });
        link.Enqueue(Vote(1));
        await transport.WrittenReached(1).WaitAsync(Bound);

        transport.HoldWrites();
        link.Enqueue(Vote(2));
        await transport.AttemptsReached(1).WaitAsync(Bound);
        transport.EndOpenCalls();
        transport.ReleaseWrites();
        await transport.WrittenReached(2).WaitAsync(Bound);

        Assert.Equal([(1, "vote 1"), (2, "vote 2")], transport.Written().Select(w => (w.Call, Describe(w.Message))));
    }

    [Fact]
    public async Task Enqueue_LinkOlderThanItsMaximumAge_RenewsTheCall()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var transport = new FakeLinkTransport();
        await using var link = new PeerLink("org2-v1", "127.0.0.1:1", new Replica.ReplicaClient(transport), 16, NullLogger.Instance, _ => { }, TimeSpan.FromSeconds(30), time);
        link.Enqueue(Vote(1));
        await transport.WrittenReached(1).WaitAsync(Bound);
        time.Advance(TimeSpan.FromSeconds(29));
        link.Enqueue(Vote(2));
        await transport.WrittenReached(2).WaitAsync(Bound);

        time.Advance(TimeSpan.FromSeconds(1));
        link.Enqueue(Vote(3));
        await transport.WrittenReached(3).WaitAsync(Bound);

        Assert.Equal([1, 1, 2], transport.Written().Select(w => w.Call));
        Assert.Equal(2, link.LinksOpened);
    }

    private static OutboundItem.Consensus Vote(byte tag) => new(MessageKind.Vote, [tag]);

    private static OutboundItem.Transactions Gossip(byte tag) => new([new byte[] { tag }]);

    private static string Describe(PeerMessage message) => message.BodyCase == PeerMessage.BodyOneofCase.Consensus
        ? $"{message.Consensus.Kind.ToString().ToLowerInvariant()} {message.Consensus.Message[0]}"
        : $"gossip {message.Transactions.Transactions[0][0]}";
}
