using Ledger.Cli.Bench;
using Ledger.Cli.Support;

namespace Ledger.Cli.Tests;

public sealed class NodeBenchOptionsTests
{
    [Fact]
    public void ParseBlockSizes_CommaList_KeepsOrder()
    {
        Assert.Equal([500, 2000, 10000], NodeBenchOptions.ParseBlockSizes("500, 2000,10000"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("100,")]
    [InlineData("1e3")]
    public void ParseBlockSizes_NotPositiveWholeNumber_Throws(string text)
    {
        var ex = Assert.Throws<CliException>(() => NodeBenchOptions.ParseBlockSizes(text));
        Assert.Contains("--block-sizes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBlockSizes_Repeat_Throws()
    {
        var ex = Assert.Throws<CliException>(() => NodeBenchOptions.ParseBlockSizes("500,500"));
        Assert.Contains("appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        new NodeBenchOptions().Validate();
    }

    [Fact]
    public void Validate_PortsPastTheRange_Throws()
    {
        var ex = Assert.Throws<CliException>(() => (new NodeBenchOptions() with { BasePort = 65520, Validators = 4 }).Validate());
        Assert.Contains("--base-port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneMemberInAll_Throws()
    {
        var ex = Assert.Throws<CliException>(() => (new NodeBenchOptions() with { Validators = 1, MembersPerOrganisation = 1 }).Validate());
        Assert.Contains("--members-per-org", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2_000_001)]
    public void Validate_TransfersOutOfRange_Throws(int transfers)
    {
        var ex = Assert.Throws<CliException>(() => (new NodeBenchOptions() with { Transfers = transfers }).Validate());
        Assert.Contains("--transfers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeRate_Throws()
    {
        var ex = Assert.Throws<CliException>(() => (new NodeBenchOptions() with { Rate = -1 }).Validate());
        Assert.Contains("--rate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseSchemes_CommaList_KeepsOrderLowercased()
    {
        Assert.Equal(["none", "ed25519"], NodeBenchOptions.ParseSchemes("none, Ed25519"));
    }

    [Fact]
    public void ParseSchemes_EcdsaP256_RefusedWithTheReason()
    {
        var ex = Assert.Throws<CliException>(() => NodeBenchOptions.ParseSchemes("ed25519,ecdsa-p256"));
        Assert.Contains("transfers are Ed25519 in the protocol", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("")]
    [InlineData("none,none")]
    public void ParseSchemes_UnknownOrRepeated_Throws(string text)
    {
        var ex = Assert.Throws<CliException>(() => NodeBenchOptions.ParseSchemes(text));
        Assert.Contains("--schemes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_TheIssuesSweep()
    {
        var options = new NodeBenchOptions();
        Assert.Equal([1, 10, 100, 400, 1000, 10000], options.BlockSizes);
        Assert.Equal(["ed25519", "none"], options.Schemes);
        Assert.Equal(12, options.RunCount);
    }

    [Theory]
    [InlineData(0, 1, 16)]
    [InlineData(0, 100, 1_600)]
    [InlineData(0, 10_000, NodeBenchOptions.MaxAutoOutstanding)]
    [InlineData(4, 1, 4)]
    [InlineData(4, 10_000, 4)]
    public void OutstandingFor_AutoOrGiven_FourBlocksPerValidatorClampedUnlessGiven(int given, int blockSize, int expected)
    {
        Assert.Equal(expected, (new NodeBenchOptions() with { Outstanding = given }).OutstandingFor(blockSize));
    }

    [Fact]
    public void Validate_ChartNotPng_Throws()
    {
        var ex = Assert.Throws<CliException>(() => (new NodeBenchOptions() with { ChartPath = "bench.svg" }).Validate());
        Assert.Contains("--chart", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DurationBelowOneSecond_Throws()
    {
        var ex = Assert.Throws<CliException>(() => (new NodeBenchOptions() with { Duration = TimeSpan.FromMilliseconds(500) }).Validate());
        Assert.Contains("--duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchNode_EcdsaScheme_IsAUsageErrorBeforeAnythingStarts()
    {
        var (code, output, error) = CliRunner.Run("bench", "node", "--schemes", "ecdsa-p256");
        Assert.Equal(CliExit.UsageError, code);
        Assert.Contains("ecdsa-p256 is not supported", error, StringComparison.Ordinal);
        Assert.DoesNotContain("testnet", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchNode_BadBlockSizes_IsAUsageErrorBeforeAnythingStarts()
    {
        var (code, output, error) = CliRunner.Run("bench", "node", "--block-sizes", "100,x");
        Assert.Equal(CliExit.UsageError, code);
        Assert.Contains("'x' is not a positive whole number", error, StringComparison.Ordinal);
        Assert.DoesNotContain("testnet", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AtHalfPeakOf_UnpacedRun_OffersHalfItsCommittedTransfersPerSecond()
    {
        var options = new NodeBenchOptions { HalfPeak = true };

        var paced = options.AtHalfPeakOf(Run(committed: 1_740, seconds: 10));

        Assert.Equal(87, paced.Rate);
        Assert.False(paced.HalfPeak);
        paced.Validate();
    }

    [Fact]
    public void AtHalfPeakOf_RunThatCommittedAlmostNothing_OffersAtLeastOnePerSecond()
    {
        Assert.Equal(1, new NodeBenchOptions { HalfPeak = true }.AtHalfPeakOf(Run(committed: 1, seconds: 10)).Rate);
    }

    [Fact]
    public void RunCount_HalfPeak_TwoRunsPerSchemeAndBlockSize()
    {
        var options = new NodeBenchOptions { Schemes = [NodeBenchSchemes.Ed25519, NodeBenchSchemes.None], BlockSizes = [1, 400, 1000] };

        Assert.Equal(6, options.RunCount);
        Assert.Equal(12, (options with { HalfPeak = true }).RunCount);
    }

    [Fact]
    public void Validate_HalfPeakWithRate_Throws()
    {
        var ex = Assert.Throws<CliException>(() => (new NodeBenchOptions() with { HalfPeak = true, Rate = 100 }).Validate());
        Assert.Contains("--half-peak", ex.Message, StringComparison.Ordinal);
    }

    private static NodeBenchResult Run(long committed, double seconds) => new()
    {
        BlockSize = 1,
        Replicas = 4,
        Cores = 2,
        VerifiesPerSecond = 18_000,
        Accepted = (int)committed,
        Committed = committed,
        Elapsed = TimeSpan.FromSeconds(seconds),
        Blocks = (int)committed,
        MaxPerBlock = 1,
        LongestCommitGap = TimeSpan.FromMilliseconds(100),
        Latency = new LatencyStats((int)committed, 30, 60, 90),
        RoundTimeouts = 0,
        RoundsWithoutBlock = 0,
        ValidatorCpu = TimeSpan.FromSeconds(1),
        ClientCpu = TimeSpan.FromSeconds(1),
        MempoolFullRetries = 0,
        TimeByPhase = new Dictionary<string, double>(),
    };
}
