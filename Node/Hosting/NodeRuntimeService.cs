using Ledger.Node.Network;
using Ledger.Node.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Hosting;

/// <summary>
/// Runs the event loop and the mode clock for the lifetime of the host, and releases the peer
/// links, the ledger, the keys and the data folder's lock once the host has stopped. Not when
/// this service stops: the host stops its services in reverse order of registration, so Kestrel,
/// registered first, still serves requests then, and a status call reading disposed peer links
/// failed (an error line in every shutdown).
/// </summary>
internal sealed class NodeRuntimeService(NodeContext node, PeerNetwork peers, IReadOnlyList<IDisposable> resources, ILogger logger, IHostApplicationLifetime lifetime) : BackgroundService
{
    private int _released;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(Release);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NodeHostLog.Started(logger, node.Name, node.ChainId, string.Join(",", peers.PeerNames), node.Loop.Snapshot.Height);
        // The loop runs on its own thread (ReplicaLoop.RunAsync), not a pool task.
        var loop = node.Loop.RunAsync(stoppingToken);
        var clock = Task.Run(() => IgnoreCancel(ModeClockAsync(stoppingToken)), stoppingToken);
        try
        {
            await loop.ConfigureAwait(false);
            if (node.Loop.StoppedToInstall)
            {
                // Far behind: the host stops (releasing the store) and `ledger node run` builds the
                // node again, whose start installs a peer's snapshot (RunningSnapshotInstall).
                lifetime.StopApplication();
            }
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

    // After every hosted service, Kestrel included, has stopped: nothing serves requests any more.
    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        // The links' pumps stop at once when cancelled; the host's own stop already ran its timeout.
        peers.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
