using System.Diagnostics;
using System.Reflection;
using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>
/// What an operator's dashboards and alerts expect from any service next to the node: build
/// information, process and .NET runtime statistics, connected peers, when the last block was
/// committed, and histograms of commit latency and round duration (rates are left to Prometheus).
/// </summary>
internal sealed class OperationalMetrics
{
    private readonly Gauge _peersConnected;
    private readonly Gauge _lastCommit;
    private readonly Gauge _lastCommittedBlockTime;
    private readonly Histogram _commitLatency;
    private readonly Histogram _roundDuration;
    private readonly Lock _roundGate = new();
    private ulong? _round;
    private long _roundStarted = Stopwatch.GetTimestamp();
    private Func<int>? _connectedPeers;

    public OperationalMetrics(CollectorRegistry registry, IMetricFactory factory)
    {
        DotNetStats.Register(registry);
        string version = typeof(OperationalMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        factory.CreateGauge("ledger_build_info", "Always 1; the labels say which build runs.", ["version", "runtime"])
            .WithLabels(version, Environment.Version.ToString()).Set(1);
        _peersConnected = factory.CreateGauge("ledger_peers_connected", "Peers whose link delivered its last call.");
        _lastCommit = factory.CreateGauge("ledger_last_commit_timestamp_seconds", "Unix time (this machine's clock) at which this node last committed a block; 0 before the first.");
        _lastCommittedBlockTime = factory.CreateGauge("ledger_last_committed_block_timestamp_seconds", "Timestamp of the last block committed here, as its proposer set it (bounded by its QC's signers).");
        _commitLatency = factory.CreateHistogram(
            "ledger_commit_latency_seconds",
            "From a block's timestamp to its commit on this node.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        _roundDuration = factory.CreateHistogram(
            "ledger_round_duration_seconds",
            "Time this node spent in each consensus round it left.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        var jitted = factory.CreateGauge(
            "dotnet_jit_compiled_methods",
            "Methods the runtime's JIT has compiled in this process, every tier counted; a count that has stopped growing means the code has warmed up (ledger bench node waits for it).");
        var jitTime = factory.CreateCounter(
            "dotnet_jit_compilation_seconds_total",
            "Time the runtime's JIT has spent compiling in this process, every thread and tier, as the runtime counts it: wall time inside compilation, so waits for a busy core count too.");
        registry.AddBeforeCollectCallback(() =>
        {
            jitted.Set(System.Runtime.JitInfo.GetCompiledMethodCount());
            jitTime.IncTo(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
            if (_connectedPeers is { } count)
            {
                _peersConnected.Set(count());
            }
        });
    }

    public void CountPeersWith(Func<int> connected) => _connectedPeers = connected;

    public void BlockCommitted(long blockTimestampMs, DateTimeOffset now)
    {
        _lastCommit.Set(now.ToUnixTimeMilliseconds() / 1000.0);
        _lastCommittedBlockTime.Set(blockTimestampMs / 1000.0);
        _commitLatency.Observe(Math.Max(0, now.ToUnixTimeMilliseconds() - blockTimestampMs) / 1000.0);
    }

    public void RoundIs(ulong round)
    {
        lock (_roundGate)
        {
            if (round == _round)
            {
                return;
            }

            // The first round seen started before this node did: its length is unknown.
            if (_round is not null)
            {
                _roundDuration.Observe(Stopwatch.GetElapsedTime(_roundStarted).TotalSeconds);
            }

            _round = round;
            _roundStarted = Stopwatch.GetTimestamp();
        }
    }
}
