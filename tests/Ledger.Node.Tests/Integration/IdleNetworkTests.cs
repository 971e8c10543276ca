using Ledger.Client.Protos;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// An idle network commits a heartbeat block per heartbeat (1 s in this harness) and nothing
/// else: before, leaders proposed an empty block every 50 ms whether or not anything was pending.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class IdleNetworkTests(InProcessNetwork network)
{
    [Fact]
    public async Task Idle_ForThreeHeartbeats_CommitsAtMostOneBlockPerHeartbeat()
    {
        var client = network.Client(0, out var channel);
        using (channel)
        {
            // Let any earlier test's transfers finish committing first.
            await Task.Delay(1_500);
            var before = await client.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));

            await Task.Delay(3_200);
            var after = await client.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));

            // At most one block per heartbeat (a test of this collection may have cut a validator
            // off, whose rounds then time out, so fewer is fine); spinning made about 30 here.
            Assert.InRange(after.CommittedHeight - before.CommittedHeight, 0UL, 5UL);
            Assert.InRange(after.Round - before.Round, 0UL, 10UL);
        }
    }
}
