namespace Ledger.Cli.Tests;

public sealed class BenchRestartCommandTests
{
    [Fact]
    public void BenchRestart_SmallChain_ReportsTheSnapshotItOpenedFromAndTheBlocksReplayed()
    {
        (int code, string output, _) = CliRunner.Run("bench", "restart", "--blocks", "25", "--snapshot-every", "10", "--state-accounts", "100");

        Assert.Equal(0, code);

        // 25 blocks, snapshots at 10 and 20: the open starts at 20 and replays 5.
        Assert.Matches(@"\n\s+25\s+[\d,]+\s+20\s+5\s+25\s", output);
        Assert.Matches(@"\n\s+100\s+[\d,]+\s+[\d,]+\s+[\d.]+", output);
    }

    [Theory]
    [InlineData("--blocks", "20,10")]
    [InlineData("--blocks", "ten")]
    [InlineData("--snapshot-every", "-1")]
    [InlineData("--state-accounts", "0")]
    public void BenchRestart_BadArguments_RefusedBeforeBuildingAnything(string option, string value)
    {
        (int code, _, string error) = CliRunner.Run("bench", "restart", option, value);

        Assert.NotEqual(0, code);
        Assert.NotEmpty(error);
    }
}
