using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Epochs;

/// <summary>
/// The simulator's epoch scenarios (`ledger sim --epochs`): validator-set changes under Byzantine
/// validators, partitions and crashes around the boundaries, checked by the safety checker per
/// epoch. The seeded sweep is the CI-sized run; the named seeds are regressions of bugs the sweep
/// found in the consensus core.
/// </summary>
public sealed class EpochSimulationTests(ITestOutputHelper output)
{
    /// <summary>Seeds in the CI sweep (about 20-40 s on this machine under no load).</summary>
    public const int SweepSeeds = 96;

    private static readonly MemoizingSignatureVerifier Signatures = new();

    /// <summary>The scenario `ledger sim --epochs` runs for <paramref name="seed"/> with default options.</summary>
    internal static SimScenario Scenario(int seed) => EpochScenarios.Generate(seed, new[] { 4, 5, 7 }[seed % 3], 1 + (seed / 3 % 3));

    [Fact]
    public void EpochScenarios_SeededSweep_AllChecksPassAndCoverTheBoundaryCases()
    {
        List<SimScenario> scenarios = [.. Enumerable.Range(1, SweepSeeds).Select(Scenario)];

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount, signatures: Signatures);

        output.WriteLine($"{summary.Results.Count} epoch scenarios in {summary.Elapsed.TotalSeconds:F1} s ({summary.ScenariosPerSecond:F1}/s)");
        Assert.Empty(summary.Failures.Select(f => f.ToString()));
        Assert.All(Enum.GetValues<EpochCrashPoint>(), point => Assert.Contains(scenarios, s => s.EpochCrashes.Any(c => c.Point == point)));
        ByzantineBehaviour[] epochBehaviours = [ByzantineBehaviour.SuffixPayloadLeader, ByzantineBehaviour.StaleEpochSender, ByzantineBehaviour.FutureEpochSender, ByzantineBehaviour.RemovedKeepsSending];
        Assert.All(epochBehaviours, b => Assert.Contains(scenarios, s => s.Byzantine.Values.Contains(b)));
        Assert.Contains(summary.Results, r => r.EpochEndsByByzantineProposer > 0);
        Assert.Contains(scenarios, s => s.EpochChanges == 3 && s.Partitions.Count > 0 && s.Crashes.Count > 0);
    }

    [Theory]
    [InlineData(43, 5, 3, 0)]
    [InlineData(21, 4, 2, 1)]
    public void Simulator_ReplicaRestartedBehindItsSafetyDataAtTheBoundary_SignsNoProposalOfTheNextEpoch(int seed, int validators, int changes, int byzantine)
    {
        // Crashed after its core entered the next epoch (safety data persisted) and before the node
        // stored the commit: restarted in the old epoch, it led a round there and signed a proposal
        // labelled with its safety data's epoch (seed 21: under an index that is another key's there).
        SimScenario scenario = EpochScenarios.Generate(seed, validators, changes, byzantine);

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.Contains(scenario.EpochCrashes, c => c.Point == EpochCrashPoint.BeforeCommittingEnd);
        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [InlineData(343)]
    [InlineData(789)]
    [InlineData(1537)]
    public void Simulator_CrashAfterTheSafetySwitchBeforeTheEndIsStored_OldEpochStillFinishes(int seed)
    {
        // Committing the epoch-ending block persisted the next epoch's safety data before the commit
        // was stored; a crash in between restarted the replica in the old epoch unable to sign there,
        // and with a Byzantine validator withholding the old epoch never finished (bug 13).
        SimScenario scenario = Scenario(seed);

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.Contains(scenario.EpochCrashes, c => c.Point == EpochCrashPoint.BeforeCommittingEnd);
        Assert.NotEmpty(scenario.Byzantine);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Simulator_TwoSyncAnswersForTheEpochEndingBlock_CommitItWithOneAnswersChain()
    {
        // Seed 293: a follower got the epoch-ending block's commit evidence from two peers; the suffix
        // QCs of the second answer were stored with the last QC of the first, so the evidence it
        // committed with was not a chain (QC 2 did not certify a child of QC 1's block).
        SimScenario scenario = EpochScenarios.Generate(293, 7, 2, 2);

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Simulator_NewEpochMembersBehindTheBoundary_CatchUpBySyncingTheEpochEndingBlock()
    {
        // Seed 45: two of the new epoch's five members crash around the epoch-ending block; the three
        // that moved on cannot reach a quorum, so their messages name only the epoch-ending block.
        // A sync answer for it carried its own QC without the rest of its commit evidence (and a
        // replica in the new epoch answered with the epoch-genesis QC), so the two never caught up.
        SimScenario scenario = EpochScenarios.Generate(45, 4, 1, 0);

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void EpochScenarios_SameSeedAndReplayArguments_SameScenarioAndRun()
    {
        SimScenario first = Scenario(58);
        SimScenario replayed = EpochScenarios.Generate(58, first.Validators, first.EpochChanges, first.Byzantine.Count);

        SimResult a = ScenarioRunner.Run(first, Signatures);
        SimResult b = ScenarioRunner.Run(replayed, Signatures);

        Assert.Equal(first.ToString(), replayed.ToString());
        Assert.Equal((a.Steps, a.VirtualTimeMs, a.HighestCommittedHeight), (b.Steps, b.VirtualTimeMs, b.HighestCommittedHeight));
        Assert.Contains($"--epochs --epoch-changes {first.EpochChanges} --seed 58 --validators {first.Validators}", first.ReplayArguments, StringComparison.Ordinal);
    }

    [Fact]
    public void SimReconfiguration_Id_RoundTripsItsMembersAndStaysAboveClientIds()
    {
        int id = SimReconfiguration.Id(5, [0, 2, 3, 15]);

        Assert.True(SimReconfiguration.IsChange(id));
        Assert.False(SimReconfiguration.IsChange(SimReconfiguration.FirstId - 1));
        Assert.Equal([0, 2, 3, 15], SimReconfiguration.Members(id));
        Assert.NotEqual(id, SimReconfiguration.Id(6, [0, 2, 3, 15]));
        Assert.Throws<ArgumentException>(() => SimReconfiguration.Id(0, []));
    }

    [Fact]
    public void Simulator_RemovedValidatorThatKeepsSending_IsRemovedAndIgnored()
    {
        SimScenario scenario = Enumerable.Range(1, 400).Select(Scenario)
            .First(s => s.Byzantine.Values.Contains(ByzantineBehaviour.RemovedKeepsSending));
        int removed = scenario.Byzantine.Single(b => b.Value == ByzantineBehaviour.RemovedKeepsSending).Key;

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.True(result.Passed, result.ToString());
        Assert.Contains(scenario.Workload, t => SimReconfiguration.IsChange(t.Id) && !SimReconfiguration.Members(t.Id).Contains(removed));
    }
}
