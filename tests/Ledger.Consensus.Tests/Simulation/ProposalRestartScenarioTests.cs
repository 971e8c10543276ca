using Ledger.Consensus.Core;
using Ledger.Consensus.Safety;
using Ledger.Simulator;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>
/// A leader that crashed and restarted in its own round proposed a second, different block there
/// (docs/consensus-sim-bugs.md, entry 15): seeds 143, 157 and 188 of the seeded sweep
/// (<c>ledger sim --seed N --validators n --byzantine k</c>, the shape
/// <see cref="SeededScenarioTests"/> draws by seed). The checker counts a second proposal by an
/// honest key in one round as equivocation; with the proposal record ignored it must fail them.
/// </summary>
public sealed class ProposalRestartScenarioTests
{
    private static readonly MemoizingSignatureVerifier Signatures = new();

    [Theory]
    [InlineData(143, 10, 3)]
    [InlineData(157, 5, 1)]
    [InlineData(188, 4, 1)]
    public void Simulator_LeaderRestartedInItsOwnRound_ProposesNoSecondBlock(int seed, int validators, int byzantine)
    {
        SimResult result = ScenarioRunner.Run(SimScenario.Generate(seed, validators, byzantine), Signatures);

        Assert.True(result.Passed, result.ToString());
    }

    [Theory]
    [InlineData(143, 10, 3)]
    [InlineData(157, 5, 1)]
    [InlineData(188, 4, 1)]
    public void Simulator_LeaderIgnoringItsProposalRecord_CheckerReportsEquivocation(int seed, int validators, int byzantine)
    {
        SimResult result = ScenarioRunner.Run(SimScenario.Generate(seed, validators, byzantine), Signatures, honestCore: IgnoringProposalRecord);

        Assert.False(result.Passed);
        Assert.Contains("a second, different proposal", result.Failure, StringComparison.Ordinal);
    }

    /// <summary>Honest replicas that propose again in rounds their record says they proposed in (the internal hook only this test project sees).</summary>
    private static ConsensusCore IgnoringProposalRecord(ConsensusConfig config, SafetyData safetyData, CommittedRoot root)
    {
        var core = new ConsensusCore(config, safetyData, root);
        core.IgnoreProposalRecordForHarnessTest();
        return core;
    }
}
