using System.Text;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;

namespace Ledger.Node.Tests.Unit;

/// <summary>The operational metrics as a Prometheus scrape shows them.</summary>
public sealed class NodeMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Scrape_FreshNode_HasBuildProcessAndRuntimeMetricsAndNoPrecomputedRate()
    {
        string scrape = await ScrapeAsync(new NodeMetrics());

        Assert.Matches("""(?m)^ledger_build_info\{version="[^"]+",runtime="[^"]+"\} 1$""", scrape);
        Assert.Contains("process_cpu_seconds_total", scrape, StringComparison.Ordinal);
        Assert.Contains("dotnet_collection_count_total", scrape, StringComparison.Ordinal);
        Assert.Matches("(?m)^ledger_last_commit_timestamp_seconds 0$", scrape);
        Assert.DoesNotContain("per_second", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_PeersConnected_ReadAtScrapeTime()
    {
        var metrics = new NodeMetrics();
        int connected = 1;
        metrics.CountPeersWith(() => connected);
        connected = 3;

        Assert.Matches("(?m)^ledger_peers_connected 3$", await ScrapeAsync(metrics));
    }

    [Fact]
    public async Task Scrape_JitCompiledMethods_TheRuntimesCountAtScrapeTime()
    {
        var metrics = new NodeMetrics();
        long before = System.Runtime.JitInfo.GetCompiledMethodCount();

        var match = System.Text.RegularExpressions.Regex.Match(await ScrapeAsync(metrics), "(?m)^dotnet_jit_compiled_methods ([0-9.e+]+)$");

        Assert.True(match.Success, "no dotnet_jit_compiled_methods in the scrape");
        Assert.True(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= before);
    }

    [Fact]
    public async Task Scrape_JitCompilationSeconds_TheRuntimesCompileTimeAtScrapeTime()
    {
        var metrics = new NodeMetrics();
        double before = System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;

        var match = System.Text.RegularExpressions.Regex.Match(await ScrapeAsync(metrics), "(?m)^dotnet_jit_compilation_seconds_total ([0-9.e+-]+)$");

        Assert.True(match.Success, "no dotnet_jit_compilation_seconds_total in the scrape");
        double scraped = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(scraped >= before && scraped > 0, $"scraped {scraped}, runtime said {before} before the scrape");
    }

    [Fact]
    public async Task BlockCommitted_SetsCommitTimesLatencyAndTransferCounter()
    {
        var metrics = new NodeMetrics();

        metrics.BlockCommitted(transfers: 5, blockTimestampMs: Now.ToUnixTimeMilliseconds() - 250, Now);
        string scrape = await ScrapeAsync(metrics);

        Assert.Matches($"(?m)^ledger_last_commit_timestamp_seconds {Now.ToUnixTimeSeconds()}$", scrape);
        Assert.Matches($"(?m)^ledger_last_committed_block_timestamp_seconds {Now.ToUnixTimeMilliseconds() - 250}e-03$|^ledger_last_committed_block_timestamp_seconds {(Now.ToUnixTimeMilliseconds() - 250) / 1000.0:0.###}$", scrape);
        Assert.Matches("(?m)^ledger_commit_latency_seconds_sum 0.25$", scrape);
        Assert.Matches("(?m)^ledger_commit_latency_seconds_count 1$", scrape);
        Assert.Matches("(?m)^ledger_transfers_committed_total 5$", scrape);
    }

    [Fact]
    public async Task SetRound_CountsOnlyRoundsLeftAfterTheFirstSeen()
    {
        var metrics = new NodeMetrics();

        metrics.SetRound(7);
        metrics.SetRound(7);
        metrics.SetRound(8);
        metrics.SetRound(9);

        Assert.Matches("(?m)^ledger_round_duration_seconds_count 2$", await ScrapeAsync(metrics));
    }

    [Fact]
    public async Task Scrape_Snapshots_ReadFromTheLedgerAtScrapeTime()
    {
        string directory = Path.Combine(Path.GetTempPath(), "ledger-metrics-snapshots-" + Guid.NewGuid().ToString("N"));
        try
        {
            var chain = Ledger.TestKit.Chains.TestChain.Create();
            using LedgerEngine ledger = LedgerEngine.Open(directory, chain.Genesis, new LedgerEngineOptions { SnapshotEveryBlocks = 2 });
            var metrics = new NodeMetrics();
            metrics.ReportSnapshotsOf(ledger);
            Assert.Matches("(?m)^ledger_snapshot_height 0$", await ScrapeAsync(metrics));

            for (ulong h = 1; h <= 3; h++)
            {
                ledger.Execute(ledger.Committed.BlockId, Ledger.TestKit.Chains.TestBlocks.Id(h), h, chain.GenesisTimeMs + ((long)h * 1_000), []);
                ledger.Commit(Ledger.TestKit.Chains.TestBlocks.Id(h), [0xc0]);
                await ledger.Snapshots.Pending;
            }

            string scrape = await ScrapeAsync(metrics);
            Assert.Matches("(?m)^ledger_snapshot_height 2$", scrape);
            Assert.Matches("(?m)^ledger_snapshots_written 1$", scrape);
            Assert.Matches("(?m)^ledger_snapshots_skipped 0$", scrape);
            Assert.Matches("(?m)^ledger_restart_blocks_replayed 0$", scrape);
            Assert.Matches("(?m)^ledger_txindex_bytes [0-9]+$", scrape);
            Assert.Matches("(?m)^ledger_txindex_runs 0$", scrape);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task DurabilityFor_SafetyWrites_CountedByFileAndKind()
    {
        var metrics = new NodeMetrics();
        string directory = Path.Combine(Path.GetTempPath(), "fsyncs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var safety = new SafetyStore(directory, metrics.DurabilityFor("safety"));
            safety.Write([1]);
            safety.Write([2]);
            safety.Write([3]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        // The file created whole once (fsync, folder), then one fdatasync per write in place.
        string scrape = await ScrapeAsync(metrics);
        Assert.Matches("(?m)^ledger_fsyncs_total\\{file=\"safety\",kind=\"fdatasync\"\\} 2$", scrape);
        Assert.Matches("(?m)^ledger_fsyncs_total\\{file=\"safety\",kind=\"fsync\"\\} 1$", scrape);
    }

    private static async Task<string> ScrapeAsync(NodeMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
