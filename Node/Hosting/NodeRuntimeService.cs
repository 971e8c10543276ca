using Ledger.Node.Network;
using Ledger.Node.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Hosting;

/// <summary>
/// Runs the event loop and the mode clock for the lifetime of the host, and releases
/// the peer links, the ledger and the keys when it stops.
/// </summary>
internal sealed class NodeRuntimeService(NodeContext node, PeerNetwork peers, IReadOnlyList<IDisposable> resources, ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NodeHostLog.Started(logger, node.Name, node.ChainId, string.Join(",", peers.PeerNames), node.Loop.Snapshot.Height);
        var loop = Task.Run(() => node.Loop.RunAsync(stoppingToken), stoppingToken);
        var clock = Task.Run(() => IgnoreCancel(ModeClockAsync(stoppingToken)), stoppingToken);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal stop.
        }
        catch (Exception ex)
        {
            NodeHostLog.LoopFailed(logger, ex);
            node.Mode.Halt(node.Time.GetUtcNow(), $"event loop failed: {ex.Message}");
        }

        await clock.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await peers.DisposeAsync().ConfigureAwait(false);
        foreach (var resource in resources)
        {
            resource.Dispose();
        }

        NodeHostLog.Stopped(logger, node.Name, node.Loop.Snapshot.Height);
    }

    private static async Task IgnoreCancel(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ModeClockAsync(CancellationToken ct)
    {
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(250), node.Time);
        while (await ticker.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            node.Mode.Evaluate(node.Time.GetUtcNow());
            node.Metrics.SetMempoolSize(node.Mempool.Count);
        }
    }
}
