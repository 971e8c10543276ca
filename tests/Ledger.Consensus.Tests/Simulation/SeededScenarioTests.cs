using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Simulation;

public sealed class SeededScenarioTests(ITestOutputHelper output)
{
    private static readonly int[] Sizes = [4, 5, 7, 10];

    [Fact]
    public void Simulator_TwoThousandSeededScenarios_AllChecksPass()
    {
        // Seeds 1..2000 over n = 4, 5, 7, 10 (by seed mod 4), each with 0..f Byzantine validators (by seed div 4).
        var scenarios = Enumerable.Range(1, 2_000).Select(seed =>
        {
            int n = Sizes[seed % Sizes.Length];
            int f = (n - 1) / 3;
            return SimScenario.Generate(seed, n, seed / Sizes.Length % (f + 1));
        }).ToList();

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount);

        output.WriteLine($"{summary.Results.Count} scenarios in {summary.Elapsed.TotalSeconds:F1} s ({summary.ScenariosPerSecond:F1}/s)");
        Assert.Empty(summary.Failures.Select(f => f.ToString()));
        Assert.All(Sizes, n => Assert.Contains(summary.Results, r => r.Scenario.Validators == n && r.Scenario.Byzantine.Count == (n - 1) / 3));
    }
}
