using Ledger.Consensus.Core;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Verification;
using Ledger.Simulator;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>The checker must be able to fail: these runs break the protocol's assumptions on purpose.</summary>
public sealed class HarnessSanityTests
{
    private static readonly MemoizingSignatureVerifier Signatures = new();

    [Fact]
    public void Simulator_FPlusOneByzantineTwinsAcrossAPartition_CheckerReportsFork()
    {
        // n = 4 tolerates f = 1; validators 0 and 1 are both twinned (f + 1 Byzantine keys). Slots:
        // 0,1 = validator 0; 2,3 = validator 1; 4 = validator 2; 5 = validator 3. Each side of the
        // partition holds three distinct keys, a quorum, so each side commits its own chain.
        var scenario = new SimScenario
        {
            Seed = 7,
            Validators = 4,
            Byzantine = new Dictionary<int, ByzantineBehaviour> { [0] = ByzantineBehaviour.Twins, [1] = ByzantineBehaviour.Twins },
            Partitions = [new SimPartition(0, 20_000, new HashSet<int> { 0, 2, 4 })],
        };

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.False(result.Passed);
        Assert.Contains("FORK", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulator_WeakenedVotingRuleAgainstStaleForkLeader_IsCaught()
    {
        SimSummary summary = ScenarioRunner.RunAll(StaleForkScenarios(), Environment.ProcessorCount, signatures: Signatures, honestCore: WeakenedCore);

        Assert.Contains(summary.Failures, r => r.Failure!.Contains("FORK", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulator_SameScenariosWithTheRealVotingRule_StaySafe()
    {
        var scenarios = StaleForkScenarios();

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount, signatures: Signatures);

        Assert.Empty(summary.Failures.Select(f => f.ToString()));
    }

    /// <summary>Honest replicas whose voting rule lacks its extension check (the internal hook only this test project sees).</summary>
    private static ConsensusCore WeakenedCore(ConsensusConfig config, SafetyData safetyData, CommittedRoot root)
    {
        var core = new ConsensusCore(config, safetyData, root);
        core.WeakenVotingRuleForHarnessTest();
        return core;
    }

    /// <summary>
    /// n = 7 with two adjacent stale-fork leaders: the first withholds a commit-completing QC from
    /// all but one replica, the second, entering its round by TC, proposes a sibling of the block
    /// that replica committed.
    /// </summary>
    private static List<SimScenario> StaleForkScenarios() =>
        [.. Enumerable.Range(1, 24).Select(seed => SimScenario.Generate(seed, 7, 0) with
        {
            Byzantine = new Dictionary<int, ByzantineBehaviour>
            {
                [seed % 7] = ByzantineBehaviour.StaleForkLeader,
                [(seed + 1) % 7] = ByzantineBehaviour.StaleForkLeader,
            },
            GstMs = 5_000,
            DropProbability = 0,
            Partitions = [],
            Crashes = [],
        })];

    [Fact]
    public void Simulator_FPlusOneValidatorsWithholdingVotes_CheckerReportsLiveness()
    {
        var scenario = new SimScenario
        {
            Seed = 3,
            Validators = 4,
            Byzantine = new Dictionary<int, ByzantineBehaviour> { [1] = ByzantineBehaviour.WithholdVotes, [2] = ByzantineBehaviour.WithholdVotes },
        };

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        Assert.False(result.Passed);
        Assert.StartsWith("liveness", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulator_SameSeedTwice_ReplaysExactly()
    {
        SimScenario scenario = SimScenario.Generate(4242, 7, 2);

        SimResult first = ScenarioRunner.Run(scenario, new MemoizingSignatureVerifier());
        SimResult second = ScenarioRunner.Run(scenario, Ed25519SignatureVerifier.Instance);

        Assert.Equal((first.Steps, first.VirtualTimeMs, first.HighestCommittedHeight, first.EvidenceReports),
            (second.Steps, second.VirtualTimeMs, second.HighestCommittedHeight, second.EvidenceReports));
    }
}
