using System.Globalization;
using System.Text;

namespace Ledger.Cli.Bench;

/// <summary>`bench node` output: one table row per run (scheme and block size), where the time goes, and a bar chart of transfers per second.</summary>
public static class NodeBenchReport
{
    /// <summary>Event-loop phases shown in the time table, in this order; the rest are summed as "other".</summary>
    private static readonly string[] Phases = [ValidatorSample.AdmissionPhase, "core", "ExecuteBlock", "CommitBlocks", "persist-safety", "persist-before-send"];

    /// <summary>Not loop work ("idle"), or already inside another phase (the ledger write is part of CommitBlocks).</summary>
    private static readonly string[] NotOther = ["idle", "commit-ledger-write"];

    public static string Throughput(IReadOnlyList<NodeBenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Select(r => (IReadOnlyList<string>)
        [
            r.Scheme,
            N(r.BlockSize),
            N(r.Outstanding),
            r.OfferedRate > 0 ? N(r.OfferedRate) : "-",
            N(r.Committed),
            F(r.Elapsed.TotalSeconds, "0.0"),
            N(r.TransfersPerSecond),
            N(r.Blocks),
            N(r.MeanPerBlock),
            N(r.MaxPerBlock),
            Ms(r.Latency.P50),
            Ms(r.Latency.P99),
            Ms(r.Latency.Max),
            Ms(r.LongestCommitGap.TotalMilliseconds),
            N(r.RoundTimeouts),
            r.RoundsWithoutBlock is { } lost ? N(lost) : "-",
            F(r.ValidatorCpu.TotalSeconds, "0.0"),
            F(r.CpuMicrosecondsPerTransfer, "0"),
            N(r.Bound),
            Percent(r.FractionOfBound),
            Percent(r.SignatureShare),
        ]).ToList();
        return TextChart.Table(
            ["scheme", "block size", "outstanding", "offered/s", "committed", "s", "tx/s", "blocks", "mean/blk", "max/blk", "p50 ms", "p99 ms", "max ms", "max gap ms", "timeouts", "lost rounds", "cpu s", "cpu us/tx", "bound", "of bound", "sig share"],
            rows);
    }

    /// <summary>Wall time of the validators' event loops by phase and of admission's signature batches, per committed transfer.</summary>
    public static string TimeByPhase(IReadOnlyList<NodeBenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Select(r =>
        {
            double PerTransfer(double seconds) => r.Committed == 0 ? double.NaN : seconds * 1e6 / r.Committed;
            double other = r.TimeByPhase.Where(p => !Phases.Contains(p.Key) && !NotOther.Contains(p.Key)).Sum(p => p.Value);
            var cells = new List<string> { r.Scheme, N(r.BlockSize) };
            cells.AddRange(Phases.Select(p => F(PerTransfer(r.TimeByPhase.GetValueOrDefault(p)), "0.0")));
            cells.Add(F(PerTransfer(other), "0.0"));
            cells.Add(F(r.ClientCpu.TotalMicroseconds / Math.Max(r.Committed, 1), "0.0"));
            return (IReadOnlyList<string>)cells;
        }).ToList();
        return TextChart.Table(["scheme", "block size", .. Phases, "other", "client cpu"], rows);
    }

    /// <summary>Flushes to the device per committed block per validator, by store: at small blocks a round costs what they cost.</summary>
    public static string FlushesPerBlock(IReadOnlyList<NodeBenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        string[] stores = [.. results.SelectMany(r => r.FlushesByStore.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var rows = results.Select(r =>
        {
            double PerBlock(double count) => r.Blocks == 0 || r.Replicas == 0 ? double.NaN : count / r.Blocks / r.Replicas;
            var cells = new List<string> { r.Scheme, N(r.BlockSize) };
            cells.AddRange(stores.Select(s => F(PerBlock(r.FlushesByStore.GetValueOrDefault(s)), "0.00")));
            cells.Add(F(PerBlock(r.FlushesByStore.Values.Sum()), "0.00"));
            return (IReadOnlyList<string>)cells;
        }).ToList();
        return TextChart.Table(["scheme", "block size", .. stores, "all"], rows);
    }

    public static string Chart(IReadOnlyList<NodeBenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var bars = results.Select(r => (r.Scheme + ", blocks of " + N(r.BlockSize), r.TransfersPerSecond)).ToList();
        if (results.Count > 0)
        {
            bars.Add(("bound C*v/n", results[0].Bound));
        }

        return TextChart.Bars(bars, "transfers/s");
    }

    public static string Legend(NodeBenchResult first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"bound = C*v/n = {first.Cores} cores x {N(first.VerifiesPerSecond)} Ed25519 verifies per CPU second / {first.Replicas} replicas = {N(first.Bound)} transfers/s (v measured in this run; a none row may pass it)");
        text.AppendLine(CultureInfo.InvariantCulture, $"sig share = n/v = {F(first.SignatureMicrosecondsPerTransfer, "0.0")} us of signature-check CPU per transfer over all replicas, as a share of the validators' measured cpu us/tx ('-' for none: nothing checked)");
        text.AppendLine("outstanding: the closed loop's bound on transfers offered and not yet committed; offered/s: the pace (--rate, or half the run before with --half-peak), '-' unpaced");
        text.AppendLine("tx/s: committed transfers from the first submission to the last commit notice; latency: submission acknowledged -> commit notice (validator 1's stream)");
        text.AppendLine("max gap: longest time between two commit notices during the load (compare with the base round timeout)");
        text.AppendLine("timeouts: ledger_round_timeouts_total increase summed over validators; lost rounds: validator 1's rounds advanced minus heights committed");
        text.AppendLine("cpu: user+system of all validator processes over the load (from /proc/<pid>/stat)");
        return text.ToString();
    }

    private static string N(double value) => double.IsNaN(value) ? "-" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Ms(double value) => F(value, "0");

    private static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : F(100 * fraction, "0") + "%";
}
