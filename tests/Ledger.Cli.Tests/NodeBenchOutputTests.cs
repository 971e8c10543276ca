using System.Buffers.Binary;
using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests;

/// <summary>The CSV and the PNG chart `bench node` writes, and the bound's arithmetic per scheme.</summary>
public sealed class NodeBenchOutputTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bench-out-" + Guid.NewGuid().ToString("N")[..8]);

    public NodeBenchOutputTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Format_TwoRuns_HeaderAndOneInvariantRowEach()
    {
        var results = new[] { Result(NodeBenchSchemes.Ed25519, 100), Result(NodeBenchSchemes.None, 100) with { Latency = LatencyStats.Empty } };

        string[] lines = NodeBenchCsv.Format(results).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.Equal(string.Join(',', NodeBenchCsv.Columns), lines[0]);
        var header = lines[0].Split(',').ToList();
        string[] ed = lines[1].Split(',');
        string[] none = lines[2].Split(',');
        Assert.Equal(NodeBenchCsv.Columns.Count, ed.Length);
        Assert.Equal("ed25519", ed[0]);
        Assert.Equal("2000", ed[header.IndexOf("tx_per_s")]);
        Assert.Equal("9000", ed[header.IndexOf("bound_tx_per_s")]);
        Assert.Equal("0.2222", ed[header.IndexOf("share_of_bound")]);
        Assert.Equal("12.5", ed[header.IndexOf("p50_ms")]);
        Assert.Equal("0.2778", ed[header.IndexOf("sig_share")]);
        Assert.Equal(string.Empty, none[header.IndexOf("p50_ms")]);
        Assert.Equal(string.Empty, none[header.IndexOf("sig_share")]);
        Assert.Equal("0.2222", none[header.IndexOf("share_of_bound")]);
    }

    [Fact]
    public void Throughput_NoneRow_ShowsTheBoundAndNoSignatureShare()
    {
        string table = NodeBenchReport.Throughput([Result(NodeBenchSchemes.Ed25519, 100), Result(NodeBenchSchemes.None, 100)]);

        string[] lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("scheme", lines[0], StringComparison.Ordinal);
        Assert.Equal(["22%", "28%"], LastTwoCells(lines[2]));
        Assert.Equal(["22%", "-"], LastTwoCells(lines[3]));
    }

    [Fact]
    public void Throughput_PacedRow_ShowsTheOfferedRateAndUnpacedADash()
    {
        string table = NodeBenchReport.Throughput([Result(NodeBenchSchemes.Ed25519, 1), Result(NodeBenchSchemes.Ed25519, 1) with { OfferedRate = 43 }]);

        string[] lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        int column = header.IndexOf("offered/s");
        Assert.Equal("-", lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[column]);
        Assert.Equal("43", lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)[column]);
    }

    [Fact]
    public void Bound_VerifiesPerCpuSecond_IsCoresTimesVOverReplicas()
    {
        // v = 18,000 verifications per CPU second: 4 replicas each spend 1/18,000 s of CPU per
        // transfer, so 2 cores commit at most 2 x 18,000 / 4 transfers per wall second.
        var result = Result(NodeBenchSchemes.Ed25519, 100);

        Assert.Equal(9_000, result.Bound, 6);
        Assert.Equal(4e6 / 18_000, result.SignatureMicrosecondsPerTransfer, 6);
        Assert.True(double.IsNaN((result with { Scheme = NodeBenchSchemes.None }).SignatureShare));
    }

    [Fact]
    public void SavePng_TwoSchemes_WritesAPngOfTheStatedSize()
    {
        string path = Path.Combine(_directory, "bench.png");
        var results = new[] { 1, 10, 100 }.SelectMany(size => new[] { Result(NodeBenchSchemes.Ed25519, size), Result(NodeBenchSchemes.None, size) }).ToList();

        NodeBenchChart.SavePng(results, path);

        byte[] png = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(NodeBenchChart.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(NodeBenchChart.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.True(png.Length > 10_000, $"a drawn chart, not an empty image: {png.Length} bytes");
    }

    private static string[] LastTwoCells(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^2..];

    private static NodeBenchResult Result(string scheme, int blockSize) => new()
    {
        Scheme = scheme,
        BlockSize = blockSize,
        Outstanding = 64,
        Replicas = 4,
        Cores = 2,
        VerifiesPerSecond = 18_000,
        Accepted = 20_000,
        Committed = 20_000,
        Elapsed = TimeSpan.FromSeconds(10),
        Blocks = 8,
        MaxPerBlock = blockSize,
        LongestCommitGap = TimeSpan.FromMilliseconds(900),
        Latency = new LatencyStats(20_000, 12.5, 40, 80),
        RoundTimeouts = 0,
        RoundsWithoutBlock = 0,
        ValidatorCpu = TimeSpan.FromSeconds(16),
        ClientCpu = TimeSpan.FromSeconds(1),
        MempoolFullRetries = 0,
        TimeByPhase = new Dictionary<string, double> { ["core"] = 0.5 },
    };
}
