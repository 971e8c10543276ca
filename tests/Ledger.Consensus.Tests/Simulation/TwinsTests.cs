using Ledger.Simulator;
using Xunit.Abstractions;

namespace Ledger.Consensus.Tests.Simulation;

/// <summary>
/// Twins (Bano et al. 2020) in every CI run: with one twinned validator (f = 1 for n = 4) no check
/// may fail; with two (beyond f) the harness must produce a fork and the checker must catch it, or
/// the one-twin run would prove nothing.
/// </summary>
public sealed class TwinsTests(ITestOutputHelper output)
{
    /// <summary>The two-twin search: only twins lead, two groups, partitions that tend to last.</summary>
    private static readonly TwinsOptions TwoTwins = new() { Twins = 2, TwinLeadersOnly = true, MaxGroups = 2, RepeatRate = 0.7 };

    [Fact]
    public void Twins_OneTwinThreeThousandScenarios_NoCheckFails()
    {
        var options = new TwinsOptions { Twins = 1 };
        var scenarios = Enumerable.Range(1, 3_000).Select(seed => TwinsGenerator.Generate(seed, options)).ToList();

        SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount);

        output.WriteLine($"{summary.Results.Count} one-twin scenarios in {summary.Elapsed.TotalSeconds:F1} s ({summary.ScenariosPerSecond:F1}/s)");
        Assert.Empty(summary.Failures.Select(f => f.ToString()));
    }

    [Fact]
    public void Twins_TwoTwins_ForkIsProducedDetectedAndReplays()
    {
        SimResult? fork = null;
        int tried = 0;
        const int batch = 16;
        while (fork is null && tried < 512)
        {
            var scenarios = Enumerable.Range(tried + 1, batch).Select(seed => TwinsGenerator.Generate(seed, TwoTwins)).ToList();
            SimSummary summary = ScenarioRunner.RunAll(scenarios, Environment.ProcessorCount);
            fork = summary.Failures.FirstOrDefault(r => r.Failure!.StartsWith("FORK", StringComparison.Ordinal));
            tried += batch;
        }

        Assert.True(fork is not null, $"no fork in {tried} two-twin scenarios: the Twins harness cannot show a safety violation");
        output.WriteLine($"fork after at most {tried} scenarios:\n{fork}");
        int seed = fork.Scenario.Seed;
        Assert.Contains($"replay: ledger sim --twins 2 --seed {seed} --twins-groups 2 --twins-leaders twins --twins-repeat 0.7 --trace", fork.ToString(), StringComparison.Ordinal);

        SimResult replayed = ScenarioRunner.Run(TwinsGenerator.Generate(seed, TwoTwins), new MemoizingSignatureVerifier());
        Assert.Equal(fork.ToString(), replayed.ToString());
        Assert.Equal((fork.Steps, fork.VirtualTimeMs), (replayed.Steps, replayed.VirtualTimeMs));
    }
}
