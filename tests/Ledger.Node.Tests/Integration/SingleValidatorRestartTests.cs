namespace Ledger.Node.Tests.Integration;

/// <summary>
/// One real validator process (127.0.0.1:9650-9652), the whole validator set. After a restart its
/// core knows its high QC from the safety record but not the blocks above the committed root that
/// the QC names; it asks for them by sync, and the only validator it can ask is itself. Before
/// <c>ReplicaLoop.OwnSync</c> that request went nowhere, so the restarted network timed out every
/// round and never committed again.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecondProcessClusterCollection.Name)]
public sealed class SingleValidatorRestartTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_LoneValidator_CommitsAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 9650, organisations: 1);
        var network = cluster.Network;
        var node = network.Validators.Single().Name;
        network.StartAll();
        await cluster.WaitAsync([node], s => s[0].CommittedHeight >= 3, Step, "start", ct);

        Assert.Equal(0, await network.StopAsync(node));
        network.Start(node);
        await cluster.WaitAsync([node], s => s[0].CommittedHeight > 0, Step, "serving again", ct);
        var height = (await cluster.StatusAsync(node, ct)).CommittedHeight;
        await cluster.WaitAsync([node], s => s[0].CommittedHeight >= height + 3, Step, "commits after the restart", ct);
    }
}
