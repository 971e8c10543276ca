using Ledger.Node.Testnet;

namespace Ledger.Cli.Bench;

/// <summary>
/// Reads, for every validator of a local network at one moment, its CPU time so far and its
/// Prometheus counters, so a run's cost is the difference of two samples.
/// </summary>
public sealed record ValidatorSample(TimeSpan Cpu, IReadOnlyList<MetricsSnapshot> Metrics)
{
    public const string RoundTimeouts = "ledger_round_timeouts_total";
    public const string LoopSeconds = "ledger_loop_seconds_total";
    public const string VerificationSeconds = "ledger_signature_verification_seconds_sum";
    public const string Fsyncs = "ledger_fsyncs_total";
    public const string JitCompiledMethods = "dotnet_jit_compiled_methods";
    public const string JitCompilationSeconds = "dotnet_jit_compilation_seconds_total";

    /// <summary>The phase name under which admission's signature batches are reported.</summary>
    public const string AdmissionPhase = "admission-verify";

    public static async Task<ValidatorSample> TakeAsync(LocalNetwork network, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(network);
        var cpu = TimeSpan.Zero;
        foreach (var validator in network.Validators)
        {
            int processId = network.ProcessId(validator.Name)
                ?? throw new NodeBenchException($"validator {validator.Name} is not running");
            cpu += ProcessCpu.Read(processId)
                ?? throw new NodeBenchException($"validator {validator.Name} exited");
        }

        var metrics = await Task.WhenAll(network.Validators.Select(v =>
            v.Config.MetricsEndpoint is { Length: > 0 } endpoint ? MetricsSnapshot.FetchAsync(http, endpoint, ct) : Task.FromResult(MetricsSnapshot.Empty))).ConfigureAwait(false);
        return new ValidatorSample(cpu, metrics);
    }

    /// <summary>Methods the validators' JIT has compiled so far, summed over validators (0 when none exports the count).</summary>
    public double CompiledMethods => Total(JitCompiledMethods);

    /// <summary>Seconds the validators' JIT has spent compiling so far, summed over validators (0 when none exports it).</summary>
    public double JitSeconds => Total(JitCompilationSeconds);

    public double RoundTimeoutsSince(ValidatorSample before) => Total(RoundTimeouts) - before.Total(RoundTimeouts);

    /// <summary>Event-loop seconds by phase and admission verification seconds, summed over validators, since <paramref name="before"/>.</summary>
    public IReadOnlyDictionary<string, double> PhasesSince(ValidatorSample before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (phase, seconds) in Phases())
        {
            result[phase] = seconds - before.Phases().GetValueOrDefault(phase);
        }

        return result;
    }

    /// <summary>Flushes to the device by store (safety, pending-blocks, ledger, ...), summed over validators, since <paramref name="before"/>.</summary>
    public IReadOnlyDictionary<string, double> FlushesSince(ValidatorSample before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var earlier = before.ByStore();
        return ByStore().ToDictionary(p => p.Key, p => p.Value - earlier.GetValueOrDefault(p.Key), StringComparer.Ordinal);
    }

    private Dictionary<string, double> ByStore()
    {
        var stores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var snapshot in Metrics)
        {
            foreach (var (store, count) in snapshot.ByLabel(Fsyncs, "file"))
            {
                stores[store] = stores.GetValueOrDefault(store) + count;
            }
        }

        return stores;
    }

    private double Total(string metric) => Metrics.Sum(m => m.Sum(metric));

    private Dictionary<string, double> Phases()
    {
        var phases = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var snapshot in Metrics)
        {
            foreach (var (phase, seconds) in snapshot.ByLabel(LoopSeconds, "phase"))
            {
                phases[phase] = phases.GetValueOrDefault(phase) + seconds;
            }
        }

        phases[AdmissionPhase] = Total(VerificationSeconds);
        return phases;
    }
}
