using Ledger.Consensus.Core;
using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>
/// BFT time in the simulator: Byzantine leaders whose clocks run seconds off stamp their blocks
/// with that clock; honest replicas refuse to vote for them, and every block an honest replica
/// commits has a time its QC's signer clocks admit and that the honest clocks read between its
/// proposal and its commit (the checker's block-time check). A failing seed prints its replay
/// command (`ledger sim --seed ... --behaviour SkewedClock --trace`).
/// </summary>
public sealed class BlockTimeScenarioTests(ITestOutputHelper output)
{
    private static readonly MemoizingSignatureVerifier Signatures = new();
    private static readonly ByzantineBehaviour[] Skewed = [ByzantineBehaviour.SkewedClock];

    /// <summary>f skewed-clock validators (skews of -4 s, -1.5 s, +1.5 s, +4 s by seed) among n = 4, 5, 7, 10, with the generator's faults and workloads.</summary>
    private static List<SimScenario> SkewedScenarios(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(seed =>
        {
            int n = new[] { 4, 5, 7, 10 }[seed % 4];
            return SimScenario.Generate(seed, n, (n - 1) / 3, Skewed);
        })];

    [Fact]
    public void Simulator_SkewedClockLeaders_RefusedAndCommittedTimeStaysHonest()
    {
        List<SimScenario> scenarios = SkewedScenarios(1, 160);

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount, signatures: Signatures);

        output.WriteLine($"{summary.Results.Count} scenarios, {summary.Results.Sum(r => r.SkewedProposalsRefused)} skewed proposals refused");
        Assert.Empty(summary.Failures.Select(f => f.ToString()));
        // A clock ahead makes every block of its own refused; a clock behind only those it cannot
        // lift to its parent's time + 1 (after an idle gap), so not in every run.
        Assert.All(summary.Results.Where(r => r.Scenario.ClockSkewMs > 0 && r.HighestCommittedHeight >= (ulong)(2 * r.Scenario.Validators)),
            r => Assert.True(r.SkewedProposalsRefused > 0, r.ToString()));
        Assert.Contains(summary.Results, r => r.Scenario.ClockSkewMs < 0 && r.SkewedProposalsRefused > 0);
        Assert.Equal(4, summary.Results.Select(r => r.Scenario.ClockSkewMs).Distinct().Count());
    }

    [Fact]
    public void Simulator_HonestVotersAdmitAnyBlockTime_CheckerReportsTheSkewedTime()
    {
        // Harness sanity: without the voter's clock check, skewed blocks gather QCs from honest
        // voters and get committed; the checker must notice their time is not one honest clocks saw.
        List<SimScenario> scenarios = SkewedScenarios(1, 16);
        CoreFactory admitAnyTime = (config, safetyData, root) =>
        {
            var core = new ConsensusCore(config, safetyData, root);
            core.AdmitAnyBlockTimeForHarnessTest();
            return core;
        };

        var failures = scenarios.Select(s => ScenarioRunner.Run(s, Signatures, honestCore: admitAnyTime)).Where(r => !r.Passed).ToList();

        Assert.NotEmpty(failures);
        Assert.All(failures, r => Assert.Contains("time", r.Failure, StringComparison.Ordinal));
        Assert.Contains("--behaviour SkewedClock --trace", failures[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulator_SkewedSeedReplayed_SameRun()
    {
        SimScenario scenario = SkewedScenarios(37, 1)[0];

        SimResult first = ScenarioRunner.Run(scenario, Signatures);
        SimResult second = ScenarioRunner.Run(SimScenario.Generate(37, scenario.Validators, scenario.Byzantine.Count, Skewed), Signatures);

        Assert.Equal((first.Steps, first.VirtualTimeMs, first.HighestCommittedHeight, first.SkewedProposalsRefused),
            (second.Steps, second.VirtualTimeMs, second.HighestCommittedHeight, second.SkewedProposalsRefused));
        Assert.Equal(ByzantineBehaviour.SkewedClock, Assert.Single(scenario.Byzantine.Values.Distinct()));
    }
}
