using Ledger.Cli.Bench;
using Ledger.Cli.Support;

namespace Ledger.Cli.Tests;

/// <summary>A tiny real run: four validator processes per scheme, 200 transfers in blocks of 50, checked and unchecked.</summary>
[Trait("Category", "Integration")]
public sealed class NodeBenchRunnerTests
{
    [Fact]
    public async Task RunAsync_TinyRunBothSchemes_CommitsEveryTransferAndWritesCsvAndChart()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        string csv = Path.Combine(Path.GetTempPath(), "bench-node-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        string chart = Path.ChangeExtension(csv, ".png");
        var options = new NodeBenchOptions
        {
            BlockSizes = [50],
            Schemes = [NodeBenchSchemes.Ed25519, NodeBenchSchemes.None],
            Transfers = 200,
            Duration = TimeSpan.FromSeconds(20),
            WarmUp = TimeSpan.FromSeconds(1),
            Outstanding = 40,
            CsvPath = csv,
            ChartPath = chart,
            MembersPerOrganisation = 2,
            BasePort = 7950,
            InFlightPerValidator = 4,
            RunTimeout = TimeSpan.FromSeconds(60),
            VerifyMeasurement = TimeSpan.FromMilliseconds(200),
        };
        using var output = new StringWriter();
        var runner = new NodeBenchRunner(options, NodeBenchLaunchers.With([Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ledger.exe" : "ledger")]), output);

        int code;
        string[] csvLines;
        bool charted;
        try
        {
            code = await runner.RunAsync(timeout.Token);
            csvLines = File.Exists(csv) ? File.ReadAllLines(csv) : [];
            charted = File.Exists(chart) && new FileInfo(chart).Length > 0;
        }
        finally
        {
            File.Delete(csv);
            File.Delete(chart);
        }

        Assert.True(code == CliExit.Ok, output.ToString());
        Assert.Equal(3, csvLines.Length);
        Assert.True(charted);
        Assert.Equal([NodeBenchSchemes.Ed25519, NodeBenchSchemes.None], runner.Results.Select(r => r.Scheme));
        Assert.Contains("client signatures NOT checked", output.ToString(), StringComparison.Ordinal);
        foreach (var result in runner.Results)
        {
            AssertCommittedEverything(result);
        }

        Assert.Contains("bound C*v/n", output.ToString(), StringComparison.Ordinal);
    }

    private static void AssertCommittedEverything(NodeBenchResult result)
    {
        Assert.Equal(200, result.Accepted);
        Assert.Equal(200, result.Committed);
        Assert.True(result.Blocks >= 4, $"200 transfers in blocks of at most 50 need at least 4 blocks, got {result.Blocks}");
        Assert.True(result.MaxPerBlock <= 50);
        Assert.Equal(200, result.Latency.Count);
        Assert.True(result.ValidatorCpu > TimeSpan.Zero);
        Assert.NotNull(result.RoundsWithoutBlock);
        Assert.True(result.LongestCommitGap > TimeSpan.Zero && result.LongestCommitGap <= result.Elapsed);
        Assert.Equal(40, result.Outstanding);
    }
}
