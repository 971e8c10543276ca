using Ledger.Node.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Ledger.Node.Hosting;

/// <summary>
/// Runs a built node until it stops, for every executable that hosts one (`ledger node run`, the
/// chaos tool's Byzantine host, the bench's unchecked host). SIGTERM and Ctrl-C reach both the host
/// (which stops itself once started) and <c>stopping</c>: either way the host is stopped through its
/// own shutdown, never abandoned, so a signal is a clean stop with exit code 0. Abandoning the wait
/// with WaitAsync(token) threw OperationCanceledException (exit code 1 from System.CommandLine) and
/// disposed the host while it was still stopping; a signal during start-up is a clean stop too.
/// </summary>
public static class NodeRun
{
    /// <summary>
    /// Starts <paramref name="app"/>, waits for its shutdown, and disposes it. With
    /// <paramref name="rebuild"/> and <paramref name="running"/> (`ledger node run`): when the
    /// host stopped because its event loop stopped to install a snapshot (the replica fell far
    /// behind while running), the node is built again in this process, whose start installs it,
    /// and runs on (<see cref="RunningSnapshotInstall"/>).
    /// </summary>
    public static async Task UntilStoppedAsync(WebApplication app, CancellationToken stopping, Func<WebApplication>? rebuild = null, RunningSnapshotInstall? running = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await RunOnceAsync(app, stopping).ConfigureAwait(false);
        while (rebuild is not null && running is not null && !stopping.IsCancellationRequested && running.TakeRequest())
        {
            await RunOnceAsync(rebuild(), stopping).ConfigureAwait(false);
        }
    }

    private static async Task RunOnceAsync(WebApplication app, CancellationToken stopping)
    {
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(stopping).ConfigureAwait(false);
                await app.WaitForShutdownAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // A signal during start-up: StartAsync gave up; stop what it started.
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
