using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Node.Tests.Unit;

[Collection(MemorySensitiveCollection.Name)]
public sealed class PeerLinkTests
{
    [Fact]
    public async Task Enqueue_ManySendsWithTheLinkIdleBetween_RetainsNoWaiters()
    {
        // Each send wakes the idle pump from its wait. A pump that waited on both queues at once and
        // abandoned the loser left one waiter (with its task and cancellation registration) behind
        // on the gossip queue per send, until gossip next arrived: memory grew with every vote.
        var invoker = new RecordingCallInvoker();
        await using var link = new PeerLink("peer", "127.0.0.1:1", new Replica.ReplicaClient(invoker), 64, NullLogger.Instance, _ => { });
        await SendOneAtATimeAsync(link, invoker, 2_000);
        long before = GC.GetTotalMemory(forceFullCollection: true);

        await SendOneAtATimeAsync(link, invoker, Sends);
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.True(retained < Sends * 16, $"{retained:N0} bytes still live after {Sends:N0} sends ({retained / Sends} per send)");
    }

    private const int Sends = 100_000;

    private static async Task SendOneAtATimeAsync(PeerLink link, RecordingCallInvoker invoker, int count)
    {
        var message = new byte[8];
        for (var i = 0; i < count; i++)
        {
            link.Enqueue(new OutboundItem.Consensus(MessageKind.Vote, message));
            await invoker.Calls.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
