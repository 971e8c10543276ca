using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>
/// State snapshots as a scrape shows them, read from the ledger at each scrape: the height of the
/// newest snapshot (written since start, else the one the open loaded), snapshots written and
/// skipped since start, and the blocks the last open replayed after its snapshot (what bounds
/// restart time; it stays below storage.snapshotEveryBlocks while snapshots keep up), and the
/// transaction-id index's bytes held and run files.
/// </summary>
internal sealed class SnapshotMetrics
{
    private LedgerEngine? _ledger;

    public SnapshotMetrics(CollectorRegistry registry, IMetricFactory factory)
    {
        Gauge height = factory.CreateGauge("ledger_snapshot_height", "Height of the newest state snapshot this node wrote since start, else of the one it restarted from; 0 for none.");
        Gauge written = factory.CreateGauge("ledger_snapshots_written", "State snapshots written since start.");
        Gauge skipped = factory.CreateGauge("ledger_snapshots_skipped", "Snapshot heights skipped since start because the previous write was still running.");
        Gauge replayed = factory.CreateGauge("ledger_restart_blocks_replayed", "Blocks the last start replayed after the snapshot it loaded.");
        Gauge indexBytes = factory.CreateGauge("ledger_txindex_bytes", "Managed bytes the transaction-id index holds (the newest blocks' ids and the run files' fences); bounded, not growing with the chain.");
        Gauge indexRuns = factory.CreateGauge("ledger_txindex_runs", "Run files of the transaction-id index open.");
        registry.AddBeforeCollectCallback(() =>
        {
            if (_ledger is { } ledger)
            {
                height.Set(ledger.Snapshots.LastHeight is > 0 and var last ? last : ledger.Restored.SnapshotHeight);
                written.Set(ledger.Snapshots.Written);
                skipped.Set(ledger.Snapshots.Skipped);
                replayed.Set(ledger.Restored.BlocksReplayed);
                indexBytes.Set(ledger.TransactionIndexBytes);
                indexRuns.Set(ledger.TransactionIndexRuns);
            }
        });
    }

    public void ReadFrom(LedgerEngine ledger) => _ledger = ledger;
}
