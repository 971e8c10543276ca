using System.Diagnostics;
using Ledger.Consensus.Verification;

namespace Ledger.Simulator;

/// <summary>
/// Runs many seeded scenarios in parallel over the cores, sharing one memoising signature verifier
/// (every replica checks the same signed messages; the answers are deterministic).
/// </summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Runs one scenario to its liveness target or its deadline; <paramref name="trace"/> receives a
    /// line per notable event; <paramref name="honestCore"/> replaces the core honest replicas run.
    /// </summary>
    public static SimResult Run(SimScenario scenario, ISignatureVerifier signatures, Action<string>? trace = null, CoreFactory? honestCore = null) =>
        Simulator.Run(scenario, signatures, trace, honestCore);

    /// <summary>Runs the scenarios; <paramref name="progress"/> is called after each with the count done.</summary>
    public static SimSummary RunAll(IReadOnlyList<SimScenario> scenarios, int parallelism, Action<int, SimResult>? progress = null,
        ISignatureVerifier? signatures = null, CoreFactory? honestCore = null)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        signatures ??= new MemoizingSignatureVerifier();
        var results = new SimResult[scenarios.Count];
        int done = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            results[i] = Simulator.Run(scenarios[i], signatures, honestCore: honestCore);
            int count = Interlocked.Increment(ref done);
            progress?.Invoke(count, results[i]);
        });
        clock.Stop();
        return new SimSummary(results, clock.Elapsed);
    }
}
