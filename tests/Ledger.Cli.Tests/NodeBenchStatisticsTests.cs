using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests;

public sealed class NodeBenchStatisticsTests
{
    [Fact]
    public void LatencyStats_HundredSamples_NearestRank()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)(101 - i)).ToList();
        var stats = LatencyStats.From(samples);
        Assert.Equal(100, stats.Count);
        Assert.Equal(50, stats.P50);
        Assert.Equal(99, stats.P99);
        Assert.Equal(100, stats.Max);
    }

    [Fact]
    public void LatencyStats_OneSample_IsEveryPercentile()
    {
        var stats = LatencyStats.From([7.5]);
        Assert.Equal(7.5, stats.P50);
        Assert.Equal(7.5, stats.P99);
    }

    [Fact]
    public void LatencyStats_NoSamples_IsNaN()
    {
        var stats = LatencyStats.From([]);
        Assert.Equal(0, stats.Count);
        Assert.True(double.IsNaN(stats.P50));
    }

    [Fact]
    public void LongestGap_NoticesAfterTheStart_LongestIntervalUpToTheLastOne()
    {
        long f = System.Diagnostics.Stopwatch.Frequency;
        // Start at 10 s; notices at 9 s (before: ignored), 10.5, 12, 12.25 and 20 s (after the end at 12.25: ignored).
        long[] seen = [9 * f, (21 * f) / 2, 12 * f, (49 * f) / 4, 20 * f];
        var gap = CommitFollower.LongestGap(seen, 10 * f, (49 * f) / 4);
        Assert.Equal(1.5, gap.TotalSeconds, 3);
        Assert.Equal(TimeSpan.Zero, CommitFollower.LongestGap([], 0, f));
    }

    [Fact]
    public void Bound_TwoCoresFourReplicas_IsCoresTimesRateOverReplicas()
    {
        Assert.Equal(9_000, NodeBenchResult.BoundOf(2, 18_000, 4), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => NodeBenchResult.BoundOf(2, 18_000, 0));
    }

    [Fact]
    public void Result_DerivedFigures_FollowThePerformanceModel()
    {
        var result = Result(committed: 20_000, elapsed: TimeSpan.FromSeconds(10), cpu: TimeSpan.FromSeconds(16), blocks: 8);
        Assert.Equal(2_000, result.TransfersPerSecond, 6);
        Assert.Equal(2_500, result.MeanPerBlock, 6);
        Assert.Equal(9_000, result.Bound, 6);
        Assert.Equal(2_000.0 / 9_000, result.FractionOfBound, 9);
        Assert.Equal(800, result.CpuMicrosecondsPerTransfer, 6);
        // 4 replicas x 1/18,000 s = 222.2 us of signature checks per transfer, of 800 us measured.
        Assert.Equal(4e6 / 18_000, result.SignatureMicrosecondsPerTransfer, 6);
        Assert.Equal(4e6 / 18_000 / 800, result.SignatureShare, 9);
    }

    [Fact]
    public void Result_NothingCommitted_HasNoCpuPerTransfer()
    {
        var result = Result(committed: 0, elapsed: TimeSpan.Zero, cpu: TimeSpan.FromSeconds(1), blocks: 0);
        Assert.Equal(0, result.TransfersPerSecond);
        Assert.True(double.IsNaN(result.CpuMicrosecondsPerTransfer));
        Assert.True(double.IsNaN(result.SignatureShare));
    }

    [Fact]
    public void Report_OneRowPerBlockSizeAndABarForTheBound()
    {
        var results = new[] { Result(20_000, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(16), 8), Result(20_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12), 2) with { BlockSize = 10_000 } };
        string table = NodeBenchReport.Throughput(results);
        Assert.Equal(4, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("4,000", table, StringComparison.Ordinal);
        string chart = NodeBenchReport.Chart(results);
        Assert.Contains("bound C*v/n", chart, StringComparison.Ordinal);
        Assert.Contains("blocks of 10,000", chart, StringComparison.Ordinal);
    }

    private static NodeBenchResult Result(long committed, TimeSpan elapsed, TimeSpan cpu, int blocks) => new()
    {
        BlockSize = 2_000,
        Replicas = 4,
        Cores = 2,
        VerifiesPerSecond = 18_000,
        Accepted = (int)committed,
        Committed = committed,
        Elapsed = elapsed,
        Blocks = blocks,
        MaxPerBlock = 2_000,
        LongestCommitGap = TimeSpan.FromMilliseconds(900),
        Latency = LatencyStats.Empty,
        RoundTimeouts = 0,
        RoundsWithoutBlock = 0,
        ValidatorCpu = cpu,
        ClientCpu = TimeSpan.FromSeconds(1),
        MempoolFullRetries = 0,
        TimeByPhase = new Dictionary<string, double> { ["core"] = 0.5, ["idle"] = 3 },
    };
}
