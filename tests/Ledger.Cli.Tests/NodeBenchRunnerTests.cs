using Ledger.Cli.Bench;
using Ledger.Cli.Support;

namespace Ledger.Cli.Tests;

/// <summary>A tiny real run: four validator processes, 200 transfers in blocks of 50.</summary>
[Trait("Category", "Integration")]
public sealed class NodeBenchRunnerTests
{
    [Fact]
    public async Task RunAsync_TinyRun_CommitsEveryTransferAndReportsIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var options = new NodeBenchOptions
        {
            BlockSizes = [50],
            Transfers = 200,
            WarmUpTransfers = 40,
            MembersPerOrganisation = 2,
            BasePort = 7950,
            InFlightPerValidator = 4,
            RunTimeout = TimeSpan.FromSeconds(60),
            VerifyMeasurement = TimeSpan.FromMilliseconds(200),
        };
        using var output = new StringWriter();
        var runner = new NodeBenchRunner(options, [Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ledger.exe" : "ledger")], output);

        int code = await runner.RunAsync(timeout.Token);

        Assert.True(code == CliExit.Ok, output.ToString());
        var result = Assert.Single(runner.Results);
        Assert.Equal(200, result.Accepted);
        Assert.Equal(200, result.Committed);
        Assert.True(result.Blocks >= 4, $"200 transfers in blocks of at most 50 need at least 4 blocks, got {result.Blocks}");
        Assert.True(result.MaxPerBlock <= 50);
        Assert.Equal(200, result.Latency.Count);
        Assert.True(result.ValidatorCpu > TimeSpan.Zero);
        Assert.NotNull(result.RoundsWithoutBlock);
        Assert.True(result.LongestCommitGap > TimeSpan.Zero && result.LongestCommitGap <= result.Elapsed);
        Assert.Contains("bound C*v/n", output.ToString(), StringComparison.Ordinal);
    }
}
