using Ledger.Node.Runtime;

namespace Ledger.Node.Observability;

/// <summary>The operational half of <see cref="NodeMetrics"/>: see <see cref="OperationalMetrics"/>.</summary>
public sealed partial class NodeMetrics
{
    private readonly OperationalMetrics _operations;
    private readonly SnapshotMetrics _snapshots;
    private readonly VerifierMetrics _verifiers;

    /// <summary>Counts and times <paramref name="pool"/>'s batches and reads its queue at each scrape (`ledger_signature_verifier_*`).</summary>
    public void ObserveVerifiers(Mempool.SignatureVerifierPool pool) => _verifiers.Observe(pool);

    /// <summary>Where the `ledger_snapshot*` and `ledger_restart_blocks_replayed` gauges are read from at each scrape.</summary>
    public void ReportSnapshotsOf(LedgerEngine ledger) => _snapshots.ReadFrom(ledger);

    /// <summary>Snapshot bytes sent to peers (`ledger_snapshot_bytes_served_total`).</summary>
    public void SnapshotBytesServed(long bytes) => _snapshots.BytesServed(bytes);

    /// <summary>A peer's snapshot request refused by a limit (`ledger_snapshot_requests_refused_total{limit}`).</summary>
    public void SnapshotChunkRefused(string limit) => _snapshots.RequestRefused(limit);

    /// <summary>What the start installed from a peer's snapshot, if anything (`ledger_snapshot_installed_height`, `ledger_snapshot_install_bytes`, `ledger_snapshot_install_refusals_total{reason}`).</summary>
    public void ReportInstall(SnapshotInstallReport report) => _snapshots.Installed(report);

    /// <summary>
    /// Where `ledger_snapshot_running_installs_total`, `ledger_snapshot_running_install_failures_total`
    /// and `ledger_snapshot_install_dropped_inputs_total` are read from at each scrape (they count
    /// across the node's in-process restarts).
    /// </summary>
    public void ReportRunningInstalls(Snapshots.RunningSnapshotInstall running) => _snapshots.ReadRunningFrom(running);

    /// <summary>Whether the loop stopped signing to install a snapshot (`ledger_snapshot_installing` 1/0).</summary>
    public void SetInstalling(bool installing) => _snapshots.SetInstalling(installing);

    /// <summary>Where `ledger_peers_connected` is read from at each scrape.</summary>
    public void CountPeersWith(Func<int> connected) => _operations.CountPeersWith(connected);
}
