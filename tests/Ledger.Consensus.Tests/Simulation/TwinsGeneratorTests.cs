using Ledger.Simulator;

namespace Ledger.Consensus.Tests.Simulation;

public sealed class TwinsGeneratorTests
{
    [Theory]
    [InlineData(5, 1, 1)]
    [InlineData(5, 2, 16)]
    [InlineData(5, 3, 41)]
    [InlineData(5, 5, 52)]
    [InlineData(6, 2, 32)]
    public void Partitions_SlotsIntoAtMostGroups_AreEverySetPartitionOnce(int slots, int maxGroups, int expected)
    {
        // Sums of Stirling numbers of the second kind; 52 is the Bell number B(5).
        var partitions = TwinsGenerator.Partitions(slots, maxGroups);

        Assert.Equal(expected, partitions.Count);
        Assert.All(partitions, p =>
        {
            Assert.InRange(p.Count, 1, maxGroups);
            Assert.Equal(Enumerable.Range(0, slots), p.SelectMany(g => g).Order());
        });
        Assert.Equal(expected, partitions.Select(Canonical).Distinct().Count());
    }

    [Fact]
    public void Generate_SameSeedAndOptions_SameScenario()
    {
        var options = new TwinsOptions { Twins = 1 };

        Assert.Equal(TwinsGenerator.Generate(42, options).ToString(), TwinsGenerator.Generate(42, options).ToString());
        Assert.NotEqual(TwinsGenerator.Generate(42, options).ToString(), TwinsGenerator.Generate(43, options).ToString());
    }

    [Fact]
    public void Generate_OneTwin_FiveSlotsEveryScriptedRoundHasALeaderAndANetwork()
    {
        SimScenario scenario = TwinsGenerator.Generate(7, new TwinsOptions { Twins = 1, Rounds = 5 });

        int twin = Assert.Single(scenario.Byzantine, b => b.Value == ByzantineBehaviour.Twins).Key;
        Assert.Equal(5, scenario.SlotValidators.Count);
        Assert.Equal(2, scenario.SlotValidators.Count(v => v == twin));
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5 }, scenario.Leaders.Keys.Order());
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5 }, scenario.RoundPartitions.Keys.Order());
        Assert.All(scenario.Leaders.Values, v => Assert.InRange(v, 0, 3));
        Assert.Equal((0.0, 0.0), (scenario.DropProbability, scenario.DuplicateProbability));
        Assert.Empty(scenario.Crashes);
    }

    [Fact]
    public void Generate_TwinLeadersOnly_EveryScriptedLeaderIsTwinned()
    {
        var options = new TwinsOptions { Twins = 2, TwinLeadersOnly = true };

        for (int seed = 1; seed <= 50; seed++)
        {
            SimScenario scenario = TwinsGenerator.Generate(seed, options);
            Assert.Equal(2, scenario.Byzantine.Count);
            Assert.All(scenario.Leaders.Values, v => Assert.Equal(ByzantineBehaviour.Twins, scenario.Byzantine[v]));
        }
    }

    [Fact]
    public void Generate_NoRepeat_OneWayDropsOnlyInsideAGroup()
    {
        var options = new TwinsOptions { Twins = 1, RepeatRate = 0, OneWayDropRate = 1 };

        foreach (SimRoundPartition network in Enumerable.Range(1, 30).SelectMany(s => TwinsGenerator.Generate(s, options).RoundPartitions.Values))
        {
            (int from, int to) = Assert.Single(network.OneWayDrops);
            Assert.Contains(network.Groups, g => g.Contains(from) && g.Contains(to));
        }
    }

    [Fact]
    public void ReplayArguments_NonDefaultOptions_NameEachCliOption()
    {
        var options = new TwinsOptions { Twins = 2, Validators = 7, Rounds = 5, MaxGroups = 2, TwinLeadersOnly = true, RepeatRate = 0.7, OneWayDropRate = 0, GstMs = 900 };

        Assert.Equal("--twins 2 --seed 9 --validators 7 --twins-rounds 5 --twins-groups 2 --twins-leaders twins --twins-repeat 0.7 --twins-one-way 0 --twins-gst 900",
            options.ReplayArguments(9));
        Assert.Equal("--twins 1 --seed 3", new TwinsOptions().ReplayArguments(3));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    [InlineData(4, 3)]
    public void Validate_OutOfRange_Throws(int validators, int twins) =>
        Assert.Throws<ArgumentException>(() => new TwinsOptions { Validators = validators, Twins = twins }.Validate());

    private static string Canonical(IReadOnlyList<IReadOnlySet<int>> partition) =>
        string.Join('|', partition.Select(g => string.Join(',', g.Order())).Order(StringComparer.Ordinal));
}
