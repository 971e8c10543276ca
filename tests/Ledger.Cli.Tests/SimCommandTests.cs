namespace Ledger.Cli.Tests;

public sealed class SimCommandTests
{
    [Fact]
    public void Sim_OneTwinSeed_PassesWithExitZero()
    {
        (int code, string output, _) = CliRunner.Run("sim", "--twins", "1", "--seed", "3");

        Assert.Equal(0, code);
        Assert.Contains("PASS seed 3: n=4 byzantine={", output, StringComparison.Ordinal);
        Assert.Contains(":Twins}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sim_TwoTwinForkSeedWithTrace_FailsAndReplaysIdentically()
    {
        // Seed 41 of the two-twin search in TwinsTests forks (the first that does since blocks carry
        // BFT time and replicas a work model); its printed replay command is this one.
        string[] replay = ["sim", "--twins", "2", "--seed", "41", "--twins-groups", "2", "--twins-leaders", "twins", "--twins-repeat", "0.7", "--trace"];

        (int code, string first, _) = CliRunner.Run(replay);
        (_, string second, _) = CliRunner.Run(replay);

        Assert.Equal(1, code);
        Assert.Contains("FORK at height", first, StringComparison.Ordinal);
        Assert.Contains("replay: ledger sim " + string.Join(' ', replay[1..]), first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Sim_HealingSeed_PassesAndReportsTheResume()
    {
        (int code, string output, _) = CliRunner.Run("sim", "--heal", "--seed", "2", "--validators", "4");

        Assert.Equal(0, code);
        Assert.Contains("PASS seed 2: n=4 byzantine={} gst=0ms", output, StringComparison.Ordinal);
        Assert.Contains("ms after stabilisation, bound 340 ms", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sim_EpochsSeed_PassesAndNamesItsChanges()
    {
        (int code, string output, _) = CliRunner.Run("sim", "--epochs", "--epoch-changes", "2", "--seed", "45", "--validators", "4", "--byzantine", "0");

        Assert.Equal(0, code);
        Assert.Contains("PASS seed 45: n=4 byzantine={}", output, StringComparison.Ordinal);
        Assert.Contains(" change[at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sim_EpochsWithTooManyChanges_UsageError()
    {
        (int code, _, string error) = CliRunner.Run("sim", "--epochs", "--epoch-changes", "9", "--seed", "1");

        Assert.Equal(2, code);
        Assert.Contains("--epoch-changes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", "any")]
    [InlineData("1", "some")]
    public void Sim_BadTwinsOption_UsageError(string twins, string leaders)
    {
        (int code, _, string error) = CliRunner.Run("sim", "--twins", twins, "--seed", "1", "--twins-leaders", leaders);

        Assert.Equal(2, code);
        Assert.NotEmpty(error);
    }
}
