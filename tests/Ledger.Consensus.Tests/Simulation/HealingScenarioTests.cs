using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>
/// The pacemaker after healing (issue 12): a partition that leaves no side a quorum outlasts the
/// maximum round timeout, so every replica's timer has backed off to the maximum; when it heals,
/// every honest replica commits again within one base timeout and
/// <see cref="HealingScenarios.ResumeDelays"/> network delays, not after a backed-off timeout.
/// </summary>
public sealed class HealingScenarioTests(ITestOutputHelper output)
{
    private static readonly MemoizingSignatureVerifier Signatures = new();
    private static readonly ConsensusParameters Parameters = ConsensusParameters.ForTests();

    private static List<SimScenario> Scenarios(int first, int count, ByzantineBehaviour? leader = null) =>
        [.. Enumerable.Range(first, count).Select(seed => HealingScenarios.Generate(seed, seed % 2 == 0 ? 4 : 7, leader))];

    private static long BackedOffMs()
    {
        long total = Parameters.MaxTimeoutMs;
        for (long delay = Parameters.BaseTimeoutMs; delay < Parameters.MaxTimeoutMs; delay *= 2)
        {
            total += delay;
        }

        return total;
    }

    [Fact]
    public void Simulator_PartitionOutlastsMaximumTimeoutThenHeals_EveryReplicaCommitsWithinABaseTimeout()
    {
        List<SimScenario> scenarios = Scenarios(1, 400);

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount, signatures: Signatures);

        long[] resumed = [.. summary.Results.Select(r => r.ResumedAfterStabilisationMs ?? long.MaxValue).Order()];
        output.WriteLine($"{summary.Results.Count} scenarios in {summary.Elapsed.TotalSeconds:F1} s; resumed after the heal: " +
            $"median {resumed[resumed.Length / 2]} ms, max {resumed[^1]} ms, bound {scenarios[0].ResumeWithinMs} ms");
        Assert.True(summary.Failures.Count == 0, string.Join('\n', summary.Failures.Take(5)));
        // Every partition lasts past the time the timeouts take to back off to the maximum (base,
        // 2 base, ..., max) and one maximal timeout more.
        Assert.All(scenarios, s => Assert.True(s.Partitions[0].HealAtMs - s.Partitions[0].StartMs >= BackedOffMs() + Parameters.MaxTimeoutMs));
        // Most heals find every replica stuck in the same round: the timeouts re-sent at the heal
        // complete its TC at once and commits resume with no timer involved at all.
        Assert.InRange(resumed[resumed.Length / 2], 0, HealingScenarios.ResumeDelays * scenarios[0].MaxDelayAfterGstMs);
    }

    [Fact]
    public void Simulator_HealWithAnEquivocatingLeader_EveryReplicaCommitsWithinTwoBaseTimeouts()
    {
        // One validator equivocates whenever it leads, so in some runs a round soon after the heal
        // fails and must time out: on a base timer, not a backed-off one.
        List<SimScenario> scenarios = Scenarios(1, 400, ByzantineBehaviour.EquivocatingLeader);

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount, signatures: Signatures);

        long[] resumed = [.. summary.Results.Select(r => r.ResumedAfterStabilisationMs ?? long.MaxValue).Order()];
        output.WriteLine($"{summary.Results.Count} scenarios in {summary.Elapsed.TotalSeconds:F1} s; resumed after the heal: " +
            $"median {resumed[resumed.Length / 2]} ms, max {resumed[^1]} ms, bound {scenarios[0].ResumeWithinMs} ms");
        Assert.True(summary.Failures.Count == 0, string.Join('\n', summary.Failures.Take(5)));
        // Not vacuous: in some runs a round after the heal did time out (a base timeout at least).
        Assert.Contains(resumed, r => r > Parameters.BaseTimeoutMs);
    }

    [Fact]
    public void Simulator_HealingScenarioResumesLaterThanItsBound_FailsWithReplayCommand()
    {
        // The same run as seed 2's with a bound no run can meet: the run fails, naming the bound and the replay.
        SimScenario scenario = HealingScenarios.Generate(2, 4) with { ResumeWithinMs = 1 };

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.False(result.Passed);
        Assert.Contains("beyond the bound of 1 ms", result.Failure, StringComparison.Ordinal);
        Assert.Contains("replay: ledger sim --heal --seed 2 --validators 4 --trace", result.ToString(), StringComparison.Ordinal);
    }
}
