using Ledger.Chaos.Scenarios;

namespace Ledger.Chaos.Tests;

public sealed class ChaosScenariosTests
{
    [Fact]
    public void All_TheIssuesScenarios_EachNamedOnce()
    {
        var names = ChaosScenarios.All.Select(s => s.Name).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var required in new[] { "byzantine-4", "byzantine-7", "partition", "leader-pause", "crash-loop", "far-behind" })
        {
            Assert.Contains(required, names);
        }
    }

    [Fact]
    public void Short_OneOfEachKind_ByzantineNetworkAndProcessFaults()
    {
        var names = ChaosScenarios.Short.Select(s => s.Name).ToList();

        Assert.Equal(["byzantine-4", "partition", "crash-loop"], names);
        Assert.All(ChaosScenarios.Short, s => Assert.Contains(s, ChaosScenarios.All));
    }

    [Fact]
    public void Select_ListInAnyOrder_ThoseScenariosInThatOrder()
    {
        var chosen = ChaosScenarios.Select("partition, byzantine-4");

        Assert.Equal(["partition", "byzantine-4"], chosen.Select(s => s.Name));
    }

    [Fact]
    public void Select_UnknownName_RefusedListingTheKnownOnes()
    {
        var refused = Assert.Throws<ArgumentException>(() => ChaosScenarios.Select("partition,meteor"));

        Assert.Contains("crash-loop", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByzantineValidators_FOfN_TheLastFInGenesisOrder()
    {
        var seven = ChaosScenarios.All.Single(s => s.Name == "byzantine-7");

        Assert.Equal(["v6", "v7"], seven.ByzantineValidators(["v1", "v2", "v3", "v4", "v5", "v6", "v7"]));
    }
}
