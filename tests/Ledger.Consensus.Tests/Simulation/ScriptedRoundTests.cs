using Ledger.Simulator;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>The simulator's Twins controls: a scripted leader per round and a network per round.</summary>
public sealed class ScriptedRoundTests
{
    private static readonly MemoizingSignatureVerifier Signatures = new();

    [Fact]
    public void Simulator_ScriptedLeaders_ProposeTheirRoundsThenRotationResumes()
    {
        var scenario = new SimScenario
        {
            Seed = 1,
            Validators = 4,
            Byzantine = new Dictionary<int, ByzantineBehaviour>(),
            Leaders = new Dictionary<ulong, int> { [1] = 3, [2] = 3, [3] = 2 },
        };

        List<string> trace = Traced(scenario, out SimResult result);

        Assert.True(result.Passed, result.ToString());
        Assert.Contains(trace, l => l.Contains("(v3) proposes Block(r1 ", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("(v3) proposes Block(r2 ", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("(v2) proposes Block(r3 ", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("(v0) proposes Block(r4 ", StringComparison.Ordinal));
        Assert.DoesNotContain(trace, l => l.Contains("(v1) proposes Block(r1 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulator_RoundNetworkIsolatingItsLeader_NoOneCommitsThatRoundsBlock()
    {
        // Round 1's leader (v0) is cut off for round 1's messages until GST: its proposal reaches
        // nobody, so round 1 ends by timeout and no replica ever commits a round-1 block.
        var scenario = new SimScenario
        {
            Seed = 2,
            Validators = 4,
            Byzantine = new Dictionary<int, ByzantineBehaviour>(),
            GstMs = 2_000,
            Leaders = new Dictionary<ulong, int> { [1] = 0 },
            RoundPartitions = new Dictionary<ulong, SimRoundPartition> { [1] = new([new HashSet<int> { 0 }, new HashSet<int> { 1, 2, 3 }], new HashSet<(int, int)>()) },
        };

        List<string> trace = Traced(scenario, out SimResult result);

        Assert.True(result.Passed, result.ToString());
        Assert.Contains(trace, l => l.Contains("(v0) proposes Block(r1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(trace, l => l.Contains("commits Block(r1 ", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("after TC 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Drops_GroupsAndOneWayDrops_OnlyTheNamedDirectionAndAcrossGroups()
    {
        var network = new SimRoundPartition([new HashSet<int> { 0, 1, 2 }, new HashSet<int> { 3 }], new HashSet<(int, int)> { (0, 1) });

        Assert.True(network.Drops(0, 1));
        Assert.False(network.Drops(1, 0));
        Assert.False(network.Drops(0, 2));
        Assert.True(network.Drops(2, 3));
        Assert.True(network.Drops(3, 2));
        Assert.False(network.Drops(3, 3));
        Assert.True(network.Drops(4, 0));
        Assert.True(network.Drops(4, 5));
    }

    private static List<string> Traced(SimScenario scenario, out SimResult result)
    {
        var lines = new List<string>();
        result = ScenarioRunner.Run(scenario, Signatures, lines.Add);
        return lines;
    }
}
