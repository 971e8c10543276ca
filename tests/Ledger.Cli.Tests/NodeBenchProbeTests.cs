using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests;

public sealed class NodeBenchProbeTests
{
    [Fact]
    public void ParseStat_CommandNameWithSpacesAndParenthesis_ReadsUtimePlusStime()
    {
        // Fields 14 (utime) and 15 (stime) are 250 and 50 ticks of 1/100 s.
        const string Stat = "4242 (odd) name) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 12 0 100 0 0";
        Assert.Equal(TimeSpan.FromSeconds(3), ProcessCpu.ParseStat(Stat));
    }

    [Fact]
    public void ParseStat_Truncated_Throws()
    {
        Assert.Throws<FormatException>(() => ProcessCpu.ParseStat("4242 (x) S 1 2 3"));
        Assert.Throws<FormatException>(() => ProcessCpu.ParseStat("no parentheses here"));
    }

    [Fact]
    public void Read_ThisProcess_HasSpentSomeCpu()
    {
        var cpu = ProcessCpu.Read(Environment.ProcessId);
        Assert.NotNull(cpu);
        Assert.True(cpu > TimeSpan.Zero);
    }

    [Fact]
    public void MetricsSnapshot_Parse_SumsLabelSetsAndSplitsByLabel()
    {
        const string Text = """
            # HELP ledger_round_timeouts_total Round timeouts fired locally.
            # TYPE ledger_round_timeouts_total counter
            ledger_round_timeouts_total 3
            ledger_loop_seconds_total{phase="core"} 1.5
            ledger_loop_seconds_total{phase="ExecuteBlock"} 2.25
            ledger_loop_seconds_total{phase="core",extra="x y"} 0.5
            ledger_signature_verification_seconds_sum 0.75
            ledger_signature_verification_seconds_count 12
            """;
        var snapshot = MetricsSnapshot.Parse(Text);
        Assert.Equal(3, snapshot.Sum("ledger_round_timeouts_total"));
        Assert.Equal(4.25, snapshot.Sum("ledger_loop_seconds_total"));
        Assert.Equal(0.75, snapshot.Sum("ledger_signature_verification_seconds_sum"));
        var phases = snapshot.ByLabel("ledger_loop_seconds_total", "phase");
        Assert.Equal(2.0, phases["core"]);
        Assert.Equal(2.25, phases["ExecuteBlock"]);
        Assert.Equal(0, MetricsSnapshot.Empty.Sum("ledger_round_timeouts_total"));
    }

    [Fact]
    public void FlushesSince_TwoValidatorsTwoSamples_DifferenceSummedByStore()
    {
        static MetricsSnapshot Scrape(int safety, int ledger) => MetricsSnapshot.Parse($$"""
            ledger_fsyncs_total{file="safety",kind="fdatasync"} {{safety}}
            ledger_fsyncs_total{file="safety",kind="fsync"} 1
            ledger_fsyncs_total{file="ledger",kind="fsync"} {{ledger}}
            """);
        var before = new ValidatorSample(TimeSpan.Zero, [Scrape(10, 20), Scrape(11, 22)]);
        var after = new ValidatorSample(TimeSpan.Zero, [Scrape(15, 30), Scrape(16, 32)]);

        var flushes = after.FlushesSince(before);

        Assert.Equal(10, flushes["safety"]);
        Assert.Equal(20, flushes["ledger"]);
    }
}
