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

    [Fact]
    public void BenchRestart_MadeUpBlocksWithIds_ReplaysOnlyTheExecutedTailAndFindsIdsInRuns()
    {
        (int code, string output, string error) = CliRunner.Run("bench", "restart", "--blocks", "1200", "--ids-per-block", "3", "--state-accounts", "");

        Assert.True(code == 0, error);

        // 1,200 blocks, the newest 500 executed, a snapshot at the first of them (701): the open
        // replays 499 and reads the 64-record tail; the lookups found every committed id (a miss
        // would have stopped the bench) in at least one run file.
        Assert.Matches(@"\n\s+1,200\s+[\d,]+\s+701\s+499\s+64\s+[\d.]+\s+[\d,]+\s+[\d,]+\s+[\d.]+\s+[\d.]+\s+[1-9]\d*\s+[\d,]+", output);
    }

    [Theory]
    [InlineData("--ids-per-block", "-1")]
    [InlineData("--ids-per-block", "5000")]
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
