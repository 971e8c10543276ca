using System.Globalization;
using System.Text;

namespace Ledger.Cli.Bench;

/// <summary>
/// `bench node --csv`: one row per run, invariant culture, no thousands separators, an empty
/// cell where a figure does not exist (no latency samples, no bound share for scheme none).
/// </summary>
public static class NodeBenchCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "scheme", "block_size", "validators", "cores", "outstanding", "offered_rate", "committed", "seconds", "tx_per_s", "blocks", "mean_per_block",
        "p50_ms", "p99_ms", "max_ms", "max_gap_ms", "round_timeouts", "lost_rounds", "validator_cpu_s", "cpu_us_per_tx",
        "v_per_cpu_s", "bound_tx_per_s", "share_of_bound", "sig_share",
    ];

    public static string Format(IReadOnlyList<NodeBenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append('\n');
        foreach (var r in results)
        {
            string[] cells =
            [
                r.Scheme, I(r.BlockSize), I(r.Replicas), I(r.Cores), I(r.Outstanding), D(r.OfferedRate), I(r.Committed), D(r.Elapsed.TotalSeconds),
                D(r.TransfersPerSecond), I(r.Blocks), D(r.MeanPerBlock), D(r.Latency.P50), D(r.Latency.P99), D(r.Latency.Max),
                D(r.LongestCommitGap.TotalMilliseconds), D(r.RoundTimeouts), r.RoundsWithoutBlock is { } lost ? I(lost) : string.Empty,
                D(r.ValidatorCpu.TotalSeconds), D(r.CpuMicrosecondsPerTransfer), D(r.VerifiesPerSecond), D(r.Bound), D(r.FractionOfBound), D(r.SignatureShare),
            ];
            text.AppendJoin(',', cells).Append('\n');
        }

        return text.ToString();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Up to four decimals, trailing zeros dropped; NaN and infinities are empty.</summary>
    private static string D(double value) => double.IsFinite(value) ? Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;
}
