namespace Ledger.Cli.Bench;

/// <summary>Percentiles of a set of latency samples (milliseconds), nearest-rank.</summary>
public sealed record LatencyStats(int Count, double P50, double P99, double Max)
{
    public static readonly LatencyStats Empty = new(0, double.NaN, double.NaN, double.NaN);

    public static LatencyStats From(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return Empty;
        }

        double[] sorted = [.. samples];
        Array.Sort(sorted);
        return new LatencyStats(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>The smallest sample with at least <paramref name="fraction"/> of all samples at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        int rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[rank - 1];
    }
}
