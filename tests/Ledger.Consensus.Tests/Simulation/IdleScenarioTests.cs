using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>
/// The idle rule in the simulator: with nothing pending, leaders propose one heartbeat block per
/// heartbeat and no round times out; a transaction arriving on an idle network is proposed at once,
/// not at the next heartbeat.
/// </summary>
public sealed class IdleScenarioTests(ITestOutputHelper output)
{
    private static readonly MemoizingSignatureVerifier Signatures = new();
    private static readonly long HeartbeatMs = ConsensusParameters.ForTests().HeartbeatMs;

    private static SimScenario Quiet(int seed) => new()
    {
        Seed = seed,
        Validators = 4,
        Byzantine = new Dictionary<int, ByzantineBehaviour>(),
        CommitsAfterStabilisation = 10,
    };

    [Fact]
    public void Simulator_NothingPending_OneBlockPerHeartbeatAndNoRoundTimesOut()
    {
        SimResult result = ScenarioRunner.Run(Quiet(21), Signatures);

        output.WriteLine($"{result} timeouts={result.HonestRoundTimeouts} emptyProposals={result.HonestEmptyProposals}");
        Assert.True(result.Passed, result.ToString());
        // Ten commits take about ten heartbeats (a block commits when the block two after it arrives).
        Assert.InRange(result.VirtualTimeMs, 10 * HeartbeatMs, 14 * HeartbeatMs);
        Assert.InRange(result.HonestEmptyProposals, 10, (result.VirtualTimeMs / HeartbeatMs) + 1);
        Assert.Equal(0, result.HonestRoundTimeouts);
    }

    [Fact]
    public void Simulator_TransactionArrivesOnIdleNetwork_CommittedWithinNetworkDelaysNotAHeartbeat()
    {
        // Mid-heartbeat: the leader of the waiting round proposes it at once, and the two blocks that
        // commit it follow at once (they commit pending work), so the latency is a few message delays.
        SimScenario scenario = Quiet(22) with { Workload = [new SimTransaction(1, 5_300)] };

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        output.WriteLine($"{result} latency={result.MaxTransactionLatencyMs} ms timeouts={result.HonestRoundTimeouts}");
        Assert.True(result.Passed, result.ToString());
        Assert.InRange(result.MaxTransactionLatencyMs ?? long.MaxValue, 0, 8 * scenario.MaxDelayAfterGstMs);
        Assert.Equal(0, result.HonestRoundTimeouts);
    }

    [Fact]
    public void Simulator_SeededScenariosWithWorkloads_AllTransactionsCommittedAndChecksPass()
    {
        // Workloads arrive during partitions, crashes and loss; a run passes only when every honest
        // replica committed every transaction (and the usual safety, liveness and time checks hold).
        var scenarios = Enumerable.Range(500, 80).Select(seed => SimScenario.Generate(seed, seed % 2 == 0 ? 4 : 7, 0)).ToList();

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount, signatures: Signatures);

        Assert.Empty(summary.Failures.Select(f => f.ToString()));
        Assert.Contains(summary.Results, r => r.Scenario.Workload.Count > 20 && r.MaxTransactionLatencyMs is not null);
    }
}
