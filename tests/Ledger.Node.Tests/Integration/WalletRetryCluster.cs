namespace Ledger.Node.Tests.Integration;

/// <summary>
/// The one four-validator process cluster both <see cref="WalletRetryTests"/> run on: a cluster
/// start costs a test far more than its checks, and the two tests use different members (so
/// different balances) and request ids. A test kills validators and may leave one down;
/// <see cref="AllRunningAsync"/> restarts those and waits until every validator has caught up.
/// </summary>
public sealed class WalletRetryCluster : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    internal ClusterHarness Cluster { get; } = new(basePort: 7860);

    internal IReadOnlyList<string> Names => [.. Cluster.Network.Validators.Select(v => v.Name)];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Cluster.Network.StartAll();
        await Cluster.WaitAsync(Names, s => s.All(x => x.CommittedHeight >= 2), Step, "network start", timeout.Token);
    }

    /// <summary>
    /// Starts every validator a previous test left stopped and waits until all four have
    /// committed the height the highest of them had, so a test begins on a whole, caught-up network.
    /// </summary>
    internal async Task AllRunningAsync(CancellationToken ct)
    {
        foreach (var name in Names.Where(n => !Cluster.Network.IsRunning(n)))
        {
            Cluster.Network.Start(name);
        }

        var running = await Task.WhenAll(Names.Select(n => Cluster.Network.TryStatusAsync(n, ct)));
        var height = running.Max(s => s?.CommittedHeight ?? 0);
        await Cluster.WaitAsync(Names, s => s.All(x => x.CommittedHeight >= height), Step, $"every validator at height {height}", ct);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
