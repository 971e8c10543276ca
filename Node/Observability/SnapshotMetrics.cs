using Ledger.Node.Runtime;
using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>
/// State snapshots as a scrape shows them, read from the ledger at each scrape: the height of the
/// newest snapshot (written since start, else the one the open loaded), snapshots written and
/// skipped since start, and the blocks the last open replayed after its snapshot (what bounds
/// restart time; it stays below storage.snapshotEveryBlocks while snapshots keep up), and the
/// transaction-id index's bytes held and run files; the block records on disk (bytes, segments,
/// the first stored height, segments pruned). Also the snapshot transfer between replicas:
/// bytes served to peers and requests refused by a limit, and what the start installed from a
/// peer (height, bytes downloaded, offers refused by reason), and the installs of a running
/// replica that fell far behind (installing now, installs and failures, inputs dropped).
/// </summary>
internal sealed class SnapshotMetrics
{
    private LedgerEngine? _ledger;
    private Snapshots.RunningSnapshotInstall? _running;
    private readonly Gauge _installing;
    private readonly Counter _bytesServed;
    private readonly Counter _requestsRefused;
    private readonly Gauge _installedHeight;
    private readonly Gauge _installBytes;
    private readonly Counter _installRefusals;

    public SnapshotMetrics(CollectorRegistry registry, IMetricFactory factory)
    {
        Gauge height = factory.CreateGauge("ledger_snapshot_height", "Height of the newest state snapshot this node wrote since start, else of the one it restarted from; 0 for none.");
        Gauge written = factory.CreateGauge("ledger_snapshots_written", "State snapshots written since start.");
        Gauge skipped = factory.CreateGauge("ledger_snapshots_skipped", "Snapshot heights skipped since start because the previous write was still running.");
        Gauge replayed = factory.CreateGauge("ledger_restart_blocks_replayed", "Blocks the last start replayed after the snapshot it loaded.");
        _bytesServed = factory.CreateCounter("ledger_snapshot_bytes_served_total", "State snapshot bytes sent to peers in GetSnapshotChunk replies.");
        _requestsRefused = factory.CreateCounter("ledger_snapshot_requests_refused_total", "Peers' snapshot requests refused by a limit.", ["limit"]);
        _installedHeight = factory.CreateGauge("ledger_snapshot_installed_height", "Height of the peer snapshot this node installed at start (into an empty store or one far behind); 0 for none.");
        _installBytes = factory.CreateGauge("ledger_snapshot_install_bytes", "Snapshot bytes this node downloaded from peers at start (every attempt).");
        _installRefusals = factory.CreateCounter("ledger_snapshot_install_refusals_total", "Peer snapshot offers or downloads refused at start, by reason.", ["reason"]);
        _installing = factory.CreateGauge("ledger_snapshot_installing", "1 while the running replica, far behind, signs nothing and stops to install a peer's snapshot (it then restarts in its process); 0 otherwise.");
        Counter runningInstalls = factory.CreateCounter("ledger_snapshot_running_installs_total", "Snapshots installed because the running replica fell more than storage.installSnapshotBehindBlocks behind (an in-process restart), since the process started.");
        Counter runningFailures = factory.CreateCounter("ledger_snapshot_running_install_failures_total", "Such restarts that installed nothing (no verified offer far enough ahead); the replica syncs block by block and asks again later.");
        Counter droppedInputs = factory.CreateCounter("ledger_snapshot_install_dropped_inputs_total", "Consensus inputs left unread in the event loop's inbox (at most limits.inboxCapacity each time) when it stopped to install.");
        Gauge indexBytes = factory.CreateGauge("ledger_txindex_bytes", "Managed bytes the transaction-id index holds (the newest blocks' ids and the run files' fences); bounded, not growing with the chain.");
        Gauge indexRuns = factory.CreateGauge("ledger_txindex_runs", "Run files of the transaction-id index open.");
        Gauge storedBytes = factory.CreateGauge("ledger_blocks_stored_bytes", "Bytes of block records on disk (the segments from the oldest kept to the head's record).");
        Gauge firstHeight = factory.CreateGauge("ledger_blocks_first_height", "The lowest height whose block this node stores: 1 for a full store, above it once installed from a snapshot or pruned (storage.keepBlocks).");
        Gauge segments = factory.CreateGauge("ledger_blocks_segments", "Block segment files on disk.");
        Gauge pruned = factory.CreateGauge("ledger_blocks_pruned_segments", "Block segments pruned since start (storage.keepBlocks).");
        registry.AddBeforeCollectCallback(() =>
        {
            if (_running is { } running)
            {
                runningInstalls.IncTo(running.Installs);
                runningFailures.IncTo(running.Failures);
                droppedInputs.IncTo(running.DroppedInputs);
            }

            if (_ledger is { } ledger)
            {
                height.Set(ledger.Snapshots.LastHeight is > 0 and var last ? last : ledger.Restored.SnapshotHeight);
                written.Set(ledger.Snapshots.Written);
                skipped.Set(ledger.Snapshots.Skipped);
                replayed.Set(ledger.Restored.BlocksReplayed);
                indexBytes.Set(ledger.TransactionIndexBytes);
                indexRuns.Set(ledger.TransactionIndexRuns);
                storedBytes.Set(ledger.StoredBlockBytes);
                firstHeight.Set(ledger.FirstHeight);
                segments.Set(ledger.BlockSegments);
                pruned.Set(ledger.PrunedSegments);
            }
        });
    }

    public void ReadFrom(LedgerEngine ledger) => _ledger = ledger;

    public void ReadRunningFrom(Snapshots.RunningSnapshotInstall running) => _running = running;

    public void SetInstalling(bool installing) => _installing.Set(installing ? 1 : 0);

    public void BytesServed(long bytes) => _bytesServed.Inc(bytes);

    public void RequestRefused(string limit) => _requestsRefused.WithLabels(limit).Inc();

    public void Installed(SnapshotInstallReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _installedHeight.Set(report.InstalledHeight);
        _installBytes.Set(report.BytesDownloaded);
        foreach (var (reason, count) in report.Refusals)
        {
            _installRefusals.WithLabels(reason.ToString()).Inc(count);
        }
    }
}
