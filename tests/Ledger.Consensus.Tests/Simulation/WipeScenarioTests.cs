using Ledger.Consensus.Core;
using Ledger.Consensus.Safety;
using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>
/// An honest validator's data folder is deleted while it is down (<see cref="SimCrash.Wipe"/>): it
/// restarts without its safety record, with Byzantine peers lying about their signed rounds. It must
/// never sign twice (the checker's honest-equivocation check) and the network must stay live.
/// </summary>
public sealed class WipeScenarioTests(ITestOutputHelper output)
{
    private static readonly MemoizingSignatureVerifier Signatures = new();
    private static readonly int[] Sizes = [4, 5, 7, 10];

    [Fact]
    public void Simulator_WipedValidatorWithLyingPeers_NeverEquivocatesAndStaysLive()
    {
        SimSummary summary = ScenarioRunner.RunAll(WipeScenarios(400), Environment.ProcessorCount, signatures: Signatures);

        output.WriteLine($"{summary.Results.Count} scenarios in {summary.Elapsed.TotalSeconds:F1} s");
        foreach (SimResult failure in summary.Failures.Take(5))
        {
            output.WriteLine(failure.ToString());
        }

        Assert.Empty(summary.Failures.Select(f => f.ToString()));
        Assert.Contains(summary.Results, r => r.Scenario.RecoveryLies.Values.Contains(SimRecoveryLie.High));
        Assert.Contains(summary.Results, r => r.Scenario.RecoveryLies.Values.Contains(SimRecoveryLie.Low));
        Assert.Contains(summary.Results, r => r.Scenario.RecoveryLies.Values.Contains(SimRecoveryLie.Silent));
    }

    [Fact]
    public void Simulator_WipedValidatorWithoutAbstention_CheckerReportsEquivocation()
    {
        SimSummary summary = ScenarioRunner.RunAll(WipeScenarios(400), Environment.ProcessorCount, signatures: Signatures, honestCore: WithoutRecovery);

        int caught = summary.Failures.Count(r => r.Failure!.Contains("EQUIVOCATION by honest validator", StringComparison.Ordinal));
        output.WriteLine($"{caught} of {summary.Results.Count} runs caught an honest equivocation; seeds {string.Join(", ", summary.Failures.Take(10).Select(r => r.Scenario.Seed))}");
        Assert.True(caught > 0, "a wiped validator that signs at once never equivocated: the checker or the scenarios cannot catch it");
    }

    /// <summary>Honest replicas that treat a lost record as a fresh one (the internal hook only this test project sees).</summary>
    private static ConsensusCore WithoutRecovery(ConsensusConfig config, SafetyData safetyData, CommittedRoot root)
    {
        var core = new ConsensusCore(config, safetyData, root);
        core.DisableRecoveryForHarnessTest();
        return core;
    }

    /// <summary>
    /// Seeded scenarios (n = 4, 5, 7, 10 by seed, up to f - 1 Byzantine) in which one honest slot is
    /// wiped while the network runs; each
    /// Byzantine validator lies high or low, and for n >= 7 one of them never answers.
    /// </summary>
    internal static List<SimScenario> WipeScenarios(int count) =>
        [.. Enumerable.Range(1, count).Select(seed =>
        {
            int n = Sizes[seed % Sizes.Length];
            int f = (n - 1) / 3;
            // The wiped validator counts among the f faults (for liveness: it signs nothing until its floor), so at most f - 1 others are Byzantine.
            SimScenario generated = SimScenario.Generate(seed + 50_000, n, f == 1 ? 0 : seed / Sizes.Length % f);
            var rng = new Random(seed);
            int[] honest = [.. Enumerable.Range(0, n).Where(v => !generated.Byzantine.ContainsKey(v))];
            var lies = new Dictionary<int, SimRecoveryLie>();
            foreach (int v in generated.Byzantine.Keys.Order())
            {
                lies[v] = n >= 7 && lies.Count == 0 && rng.Next(2) == 0 ? SimRecoveryLie.Silent : (rng.Next(2) == 0 ? SimRecoveryLie.High : SimRecoveryLie.Low);
            }

            long at = rng.Next(300, 3_000);
            int slot = generated.SlotValidators.ToList().IndexOf(honest[rng.Next(honest.Length)]);
            List<SimCrash> crashes = [new SimCrash(slot, at, at + rng.Next(50, 1_500), Wipe: true)];
            return generated with { Crashes = crashes, RecoveryLies = lies };
        })];
}
