namespace Ledger.Node.Observability;

/// <summary>The operational half of <see cref="NodeMetrics"/>: see <see cref="OperationalMetrics"/>.</summary>
public sealed partial class NodeMetrics
{
    private readonly OperationalMetrics _operations;
    private readonly SnapshotMetrics _snapshots;

    /// <summary>Where the `ledger_snapshot*` and `ledger_restart_blocks_replayed` gauges are read from at each scrape.</summary>
    public void ReportSnapshotsOf(LedgerEngine ledger) => _snapshots.ReadFrom(ledger);

    /// <summary>Where `ledger_peers_connected` is read from at each scrape.</summary>
    public void CountPeersWith(Func<int> connected) => _operations.CountPeersWith(connected);
}
