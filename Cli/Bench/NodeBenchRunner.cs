using Ledger.Cli.Support;

namespace Ledger.Cli.Bench;

/// <summary>
/// `ledger bench node`: measures v (Ed25519 verifications per second on one core), then one
/// <see cref="NodeBenchRun"/> per block size, then the table and chart. A failed run stops the
/// benchmark with a message and exit code <see cref="CliExit.Rejected"/>.
/// </summary>
public sealed class NodeBenchRunner(NodeBenchOptions options, IReadOnlyList<string> launcher, TextWriter output)
{
    public IReadOnlyList<NodeBenchResult> Results { get; private set; } = [];

    public async Task<int> RunAsync(CancellationToken ct)
    {
        options.Validate();
        output.WriteLine($"bench node: {options.Validators} validator processes on {Environment.ProcessorCount} cores, {options.Transfers:N0} pre-signed transfers per run "
            + $"after {options.WarmUpTransfers:N0} of warm-up, "
            + $"{options.InFlightPerValidator} submissions in flight per validator, "
            + (options.Rate > 0 ? $"offered at {options.Rate:N0} transfers/s, " : "unpaced, ")
            + $"block sizes {string.Join(", ", options.BlockSizes)}");
        if (File.Exists("/proc/loadavg"))
        {
            // Other processes competing for the cores skew every figure; say so next to them.
            output.WriteLine($"load average at start: {(await File.ReadAllTextAsync("/proc/loadavg", ct).ConfigureAwait(false)).Trim()}");
        }

        double v = VerifyRate.MeasureOneCore(options.VerifyMeasurement);
        output.WriteLine($"v = {v:N0} Ed25519 verifications/s on one core ({1e6 / v:0.0} us each); bound C*v/n = {NodeBenchResult.BoundOf(Environment.ProcessorCount, v, options.Validators):N0} transfers/s");
        output.WriteLine();
        var results = new List<NodeBenchResult>();
        foreach (int size in options.BlockSizes)
        {
            try
            {
                var result = await new NodeBenchRun(options, size, v, launcher, output).RunAsync(ct).ConfigureAwait(false);
                results.Add(result);
                output.WriteLine($"   {result.Committed:N0} committed in {result.Elapsed.TotalSeconds:0.0} s: {result.TransfersPerSecond:N0} transfers/s, "
                    + $"latency p50 {result.Latency.P50:0} ms p99 {result.Latency.P99:0} ms, {result.RoundTimeouts:0} round timeouts");
                output.WriteLine();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C: the run's finally blocks have stopped the validators and removed the folder.
                Results = results;
                output.WriteLine();
                output.WriteLine($"cancelled during blocks of {size:N0}; validators stopped{(options.Keep ? string.Empty : ", testnet removed")}");
                return CliExit.Rejected;
            }
            catch (Exception ex) when (ex is NodeBenchException or TimeoutException)
            {
                Results = results;
                output.WriteLine();
                Print(results);
                output.WriteLine($"FAILED at blocks of {size:N0}: {ex.Message}");
                return CliExit.Rejected;
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
        output.Write(NodeBenchReport.Chart(results));
        output.WriteLine();
        output.Write(NodeBenchReport.Legend(results[0]));
    }
}
