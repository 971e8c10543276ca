using Ledger.Cli.Support;

namespace Ledger.Cli.Bench;

/// <summary>
/// `ledger bench node`: measures v (Ed25519 verifications per CPU second on one core), then one
/// <see cref="NodeBenchRun"/> per scheme and block size, then the table, the CSV and the chart.
/// A failed run stops the benchmark with a message and exit code <see cref="CliExit.Rejected"/>,
/// after writing what the runs before it measured.
/// </summary>
public sealed class NodeBenchRunner(NodeBenchOptions options, NodeBenchLaunchers launchers, TextWriter output)
{
    public IReadOnlyList<NodeBenchResult> Results { get; private set; } = [];

    public async Task<int> RunAsync(CancellationToken ct)
    {
        options.Validate();

        // Found out now, not after minutes of runs: the output files' folders exist or can be made.
        foreach (string? file in new[] { options.CsvPath, options.ChartPath })
        {
            if (file is not null && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        output.WriteLine($"bench node: {options.Validators} validator processes on {Environment.ProcessorCount} cores, schemes {string.Join(", ", options.Schemes)}, "
            + $"block sizes {string.Join(", ", options.BlockSizes)}; each run {options.WarmUp.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s measured load, "
            + (options.Outstanding > 0 ? $"{options.Outstanding:N0} outstanding" : "outstanding picked per block size")
            + (options.Rate > 0 ? $", offered at {options.Rate:N0} transfers/s" : string.Empty)
            + (options.HalfPeak ? ", each run again at half its committed transfers/s" : string.Empty));
        if (File.Exists("/proc/loadavg"))
        {
            // Other processes competing for the cores skew every figure; say so next to them.
            output.WriteLine($"load average at start: {(await File.ReadAllTextAsync("/proc/loadavg", ct).ConfigureAwait(false)).Trim()}");
        }

        var (perWall, perCpu) = VerifyRate.Measure(options.VerifyMeasurement);
        output.WriteLine($"v = {perCpu:N0} Ed25519 verifications per CPU second on one core ({1e6 / perCpu:0.0} us each; {perWall:N0} per wall second); "
            + $"bound C*v/n = {NodeBenchResult.BoundOf(Environment.ProcessorCount, perCpu, options.Validators):N0} transfers/s");
        output.WriteLine();
        var results = new List<NodeBenchResult>();
        int run = 0;
        foreach (string scheme in options.Schemes)
        {
            foreach (int size in options.BlockSizes)
            {
                var paced = options;
                for (int pass = 0; pass < (options.HalfPeak ? 2 : 1); pass++)
                {
                    run++;
                    output.WriteLine($"run {run}/{options.RunCount}: {scheme}, blocks of {size:N0}" + (paced.Rate > 0 ? $", offered at {paced.Rate:N0} transfers/s" : string.Empty));
                    try
                    {
                        var result = await new NodeBenchRun(paced, scheme, size, perCpu, launchers, output).RunAsync(ct).ConfigureAwait(false);
                        results.Add(result);
                        output.WriteLine($"   {result.Committed:N0} committed in {result.Elapsed.TotalSeconds:0.0} s: {result.TransfersPerSecond:N0} transfers/s ({100 * result.FractionOfBound:0}% of the bound), "
                            + $"latency p50 {result.Latency.P50:0} ms p99 {result.Latency.P99:0} ms, {result.RoundTimeouts:0} round timeouts, "
                            + $"JIT busy {result.JitSeconds:0.00} s summed over validators (wall time in compilation; validator CPU {result.ValidatorCpu.TotalSeconds:0.0} s)");
                        output.WriteLine();
                        paced = options.AtHalfPeakOf(result);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        // Ctrl-C: the run's finally blocks have stopped the validators and removed the folder.
                        Results = results;
                        output.WriteLine();
                        output.WriteLine($"cancelled during {scheme}, blocks of {size:N0}; validators stopped{(options.Keep ? string.Empty : ", testnet removed")}");
                        return CliExit.Rejected;
                    }
                    catch (Exception ex) when (ex is NodeBenchException or TimeoutException)
                    {
                        Results = results;
                        output.WriteLine();
                        Print(results);
                        output.WriteLine($"FAILED at {scheme}, blocks of {size:N0}: {ex.Message}");
                        return CliExit.Rejected;
                    }
                }
            }
        }

        Results = results;
        Print(results);
        return CliExit.Ok;
    }

    private void Print(IReadOnlyList<NodeBenchResult> results)
    {
        if (results.Count == 0)
        {
            return;
        }

        output.Write(NodeBenchReport.Throughput(results));
        output.WriteLine();
        output.WriteLine("where the validators' time goes, us of wall time per committed transfer summed over validators (event-loop phases; admission-verify is the mempool's parallel signature batches), and this process's cpu per transfer:");
        output.Write(NodeBenchReport.TimeByPhase(results));
        output.WriteLine();
        output.WriteLine("flushes to the device per committed block per validator, by store (ledger_fsyncs_total: fsync, fdatasync and folder flushes):");
        output.Write(NodeBenchReport.FlushesPerBlock(results));
        output.WriteLine();
        output.Write(NodeBenchReport.Chart(results));
        output.WriteLine();
        output.Write(NodeBenchReport.Legend(results[0]));
        if (options.CsvPath is { } csv)
        {
            File.WriteAllText(csv, NodeBenchCsv.Format(results));
            output.WriteLine($"csv: {Path.GetFullPath(csv)}");
        }

        if (options.ChartPath is { } chart)
        {
            // Half-peak rows share their block size with the unpaced ones: the chart's lines are the peaks.
            NodeBenchChart.SavePng(options.HalfPeak ? [.. results.Where(r => r.OfferedRate == 0)] : results, chart);
            output.WriteLine($"chart: {Path.GetFullPath(chart)} ({NodeBenchChart.Width}x{NodeBenchChart.Height} png)");
        }
    }
}
