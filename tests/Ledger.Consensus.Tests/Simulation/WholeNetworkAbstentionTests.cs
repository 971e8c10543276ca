using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>
/// Every validator of a young network loses its safety record (nothing or almost nothing committed)
/// and the validators come back seconds apart, each abstaining: the case set-up's initial record
/// keeps away from a new network, checked here for what it costs when it does happen.
/// </summary>
public sealed class WholeNetworkAbstentionTests(ITestOutputHelper output)
{
    private static readonly MemoizingSignatureVerifier Signatures = new();

    [Theory]
    [InlineData(4, 0)]
    [InlineData(4, 1_000)]
    [InlineData(7, 1_000)]
    public void Simulator_EveryRecordLostAndRestartsApart_NeverEquivocatesAndStartsAgain(int validators, int apartMs)
    {
        var scenario = new SimScenario
        {
            Seed = 11,
            Validators = validators,
            Byzantine = new Dictionary<int, ByzantineBehaviour>(),
            Crashes = [.. Enumerable.Range(0, validators).Select(slot => new SimCrash(slot, 1, 50 + ((long)slot * apartMs), Wipe: true))],
            Workload = [.. Enumerable.Range(0, 5).Select(i => new SimTransaction(i + 1, 100 + (i * 400)))],
        };

        SimResult result = ScenarioRunner.Run(scenario, Signatures);

        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());
    }
}
