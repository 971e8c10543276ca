namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Four real validator processes on 127.0.0.1 (ports 9500-9532). `ledger audit` pointed at a
/// running node's data folder (README's command) used to break that node's store for good: the
/// next `node run` failed with StoreCorruptedException. Now the audit, and a second `node run` on
/// the same folder, are refused with the holder named, and the node keeps committing and
/// restarts cleanly; once the node is stopped the audit runs and is clean.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecondProcessClusterCollection.Name)]
public sealed class DataFolderLockTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AuditAndSecondNode_OnARunningNodesDataFolder_RefusedAndTheNodeCommitsAndRestartsCleanly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(basePort: 9500);
        var network = cluster.Network;
        var names = network.Validators.Select(v => v.Name).ToList();
        var node = network.Validators[0];
        var dataFolder = Path.Combine(Path.GetDirectoryName(node.ConfigPath)!, node.Config.DataDir);
        network.StartAll();
        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= 3), Step, "network start", ct);
        await cluster.SendAsync(40, ct);
        var pid = network.ProcessId(node.Name)!.Value;

        var audit = await CliRun.LedgerAsync("audit", "--data", dataFolder, "--genesis", network.GenesisPath);
        var second = await CliRun.LedgerAsync("node", "run", "--config", node.ConfigPath);

        Assert.Equal(2, audit.ExitCode);
        Assert.Contains($"in use by process {pid} ", audit.Error, StringComparison.Ordinal);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"in use by process {pid} ", second.Error, StringComparison.Ordinal);
        Assert.True(network.IsRunning(node.Name), "the running node died");
        var height = (await cluster.StatusAsync(node.Name, ct)).CommittedHeight;
        await cluster.WaitAsync([node.Name], s => s[0].CommittedHeight >= height + 3, Step, "commits after the refused openers", ct);

        Assert.Equal(0, await network.StopAsync(node.Name));
        network.Start(node.Name);
        var target = (await cluster.StatusAsync(names[1], ct)).CommittedHeight;
        await cluster.WaitAsync([node.Name], s => s[0].CommittedHeight >= target + 2, Step, "restart and catch-up", ct);

        // Stopped, the store is the audit's alone.
        Assert.Equal(0, await network.StopAsync(node.Name));
        var clean = await CliRun.LedgerAsync("audit", "--data", dataFolder, "--genesis", network.GenesisPath);
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);
        Assert.Contains("clean:", clean.Output, StringComparison.Ordinal);
    }
}
