using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>
/// A running replica far behind installs a snapshot instead of syncing block by block
/// (<see cref="Snapshots.RunningSnapshotInstall"/>). The signal is the core's high QC: a
/// certificate the core verified (from a proposal, a timeout or a sync reply), so a peer cannot
/// talk the node into an install with an unsigned height. When it is more than
/// <see cref="LoopLimits.InstallBehindBlocks"/> above the height consensus committed, the loop
/// enters the installing mode: it hands the core nothing more (so the core signs nothing: no vote,
/// proposal or timeout leaves), waits for the queued ledger commits, records the request and
/// stops; what was left in its inbox is dropped and counted. The host then restarts the node in
/// this process, and the start installs the snapshot.
/// </summary>
public sealed partial class ReplicaLoop
{
    /// <summary>Whether the loop stopped to install a snapshot (the host restarts the node for it).</summary>
    public bool StoppedToInstall { get; private set; }

    /// <summary>After each input: far enough behind, with peers to install from and no wait after a failed attempt.</summary>
    private bool FarBehindToInstall()
    {
        if (_parts.Install is not { } install || _limits.InstallBehindBlocks == 0 || _parts.Peers.Links.Count == 0)
        {
            return false;
        }

        ulong certified = _core.HighQc.Height;
        ulong committed = _core.Committed.Height;
        return certified > committed && certified - committed > _limits.InstallBehindBlocks && install.MayRequest(_parts.Time.GetUtcNow());
    }

    /// <summary>Enters the installing mode and stops the loop: nothing reaches the core from here on.</summary>
    private void StopToInstall()
    {
        ulong certified = _core.HighQc.Height;
        ulong committed = _core.Committed.Height;
        _parts.Mode.Installing(_parts.Time.GetUtcNow(), $"installing a snapshot: committed height {committed}, the network has certified {certified}");
        _parts.Metrics.SetInstalling(true);
        LogInstalling(_logger, certified, committed, _limits.InstallBehindBlocks, _committer.InFlight);

        // The store is replaced only once every commit the core emitted is durable (or refused).
        _committer.WaitForAll();
        TakeCommitted();
        long dropped = _inbox.Count;
        LogStoppingToInstall(_logger, _parts.Ledger.Committed.Height, dropped);
        _parts.Install!.Request(dropped);
        StoppedToInstall = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot install: the network has certified height {Certified}, more than {BehindBlocks} above the committed height {Committed}: installing a peer's snapshot instead of syncing block by block; signing nothing meanwhile; waiting for {Queued} queued ledger commits")]
    private static partial void LogInstalling(ILogger logger, ulong certified, ulong committed, ulong behindBlocks, int queued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot install: queued commits done at height {Height}; stopping the event loop ({Dropped} consensus inputs left unread are dropped) and restarting the replica in this process to install")]
    private static partial void LogStoppingToInstall(ILogger logger, ulong height, long dropped);
}
