using System.Globalization;
using ScottPlot;

namespace Ledger.Cli.Bench;

/// <summary>
/// `bench node --chart FILE.png`, drawn with ScottPlot (SkiaSharp, headless): above, committed
/// transfers per second against block size (log scale), one line per scheme, and the bound
/// C*v/n as a dashed line; below, p50 (solid) and p99 (dotted) commit latency per scheme.
/// </summary>
public static class NodeBenchChart
{
    public const int Width = 1000;
    public const int Height = 1000;

    public static void SavePng(IReadOnlyList<NodeBenchResult> results, string path)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(path);
        if (results.Count == 0)
        {
            throw new ArgumentException("a chart needs at least one run", nameof(results));
        }

        var chart = new Multiplot();
        chart.AddPlots(2);
        Plot throughput = chart.GetPlot(0);
        Plot latency = chart.GetPlot(1);
        var ticks = BlockSizeTicks(results);
        var palette = new ScottPlot.Palettes.Category10();
        var schemes = results.Select(r => r.Scheme).Distinct().ToList();
        for (int i = 0; i < schemes.Count; i++)
        {
            var runs = results.Where(r => r.Scheme == schemes[i]).OrderBy(r => r.BlockSize).ToList();
            double[] xs = [.. runs.Select(r => Math.Log10(r.BlockSize))];
            Color color = palette.GetColor(i);
            var line = throughput.Add.Scatter(xs, runs.Select(r => r.TransfersPerSecond).ToArray(), color);
            line.LegendText = schemes[i];
            var p50 = latency.Add.Scatter(xs, runs.Select(r => r.Latency.P50).ToArray(), color);
            p50.LegendText = schemes[i] + " p50";
            var p99 = latency.Add.Scatter(xs, runs.Select(r => r.Latency.P99).ToArray(), color);
            p99.LegendText = schemes[i] + " p99";
            p99.LinePattern = LinePattern.Dotted;
        }

        NodeBenchResult first = results[0];
        var bound = throughput.Add.HorizontalLine(first.Bound, color: Colors.Black, pattern: LinePattern.Dashed);
        bound.LegendText = string.Create(CultureInfo.InvariantCulture, $"bound C*v/n = {first.Cores} x {first.VerifiesPerSecond:N0} / {first.Replicas} = {first.Bound:N0}");
        throughput.Title(string.Create(CultureInfo.InvariantCulture, $"ledger bench node: {first.Replicas} validators on {first.Cores} cores"));
        throughput.Axes.Left.Label.Text = "committed transfers/s";
        latency.Axes.Left.Label.Text = "commit latency, ms (p50 solid, p99 dotted)";
        // Room above the highest line for the legend, so it covers no point.
        double left = Math.Log10(results.Min(r => r.BlockSize)) - 0.15;
        double right = Math.Log10(results.Max(r => r.BlockSize)) + 0.15;
        throughput.Axes.SetLimits(left, right, 0, 1.4 * Math.Max(first.Bound, results.Max(r => r.TransfersPerSecond)));
        double slowest = results.Select(r => r.Latency.P99).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        latency.Axes.SetLimits(left, right, 0, 1.4 * Math.Max(slowest, 1));
        foreach (Plot plot in new[] { throughput, latency })
        {
            plot.Axes.Bottom.Label.Text = "transfers per block (genesis maxBlockTransactions, log scale)";
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.ShowLegend(Alignment.UpperLeft);
        }

        chart.SavePng(path, Width, Height);
    }

    /// <summary>A labelled tick at each block size run, on the log10 axis the points are drawn on.</summary>
    private static ScottPlot.TickGenerators.NumericManual BlockSizeTicks(IReadOnlyList<NodeBenchResult> results)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (int size in results.Select(r => r.BlockSize).Distinct().Order())
        {
            ticks.AddMajor(Math.Log10(size), size.ToString("N0", CultureInfo.InvariantCulture));
        }

        return ticks;
    }
}
