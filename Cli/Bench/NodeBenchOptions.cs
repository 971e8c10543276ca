using System.Globalization;
using Ledger.Cli.Support;

namespace Ledger.Cli.Bench;

/// <summary>Knobs of `ledger bench node`; <see cref="Validate"/> says what is wrong in the option's own terms.</summary>
public sealed record NodeBenchOptions
{
    /// <summary>The largest outstanding window <see cref="OutstandingFor"/> picks by itself.</summary>
    public const int MaxAutoOutstanding = 20_000;

    public IReadOnlyList<int> BlockSizes { get; init; } = [1, 10, 100, 400, 1000, 10000];

    /// <summary>Client signature schemes, one sweep over the block sizes each (<see cref="NodeBenchSchemes"/>).</summary>
    public IReadOnlyList<string> Schemes { get; init; } = [NodeBenchSchemes.Ed25519, NodeBenchSchemes.None];

    /// <summary>Most transfers one run's measured load can offer, all pre-signed before the clock starts.</summary>
    public int Transfers { get; init; } = 80_000;

    /// <summary>How long the measured load offers transfers; then every accepted one is waited for.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Load offered and committed before the measured load, so the JIT has optimised the hot code.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    public int Validators { get; init; } = 4;

    public int MembersPerOrganisation { get; init; } = 8;

    public int BasePort { get; init; } = 7700;

    public bool Keep { get; init; }

    /// <summary>Submission calls in flight per validator; enough to keep every mempool fed between proposals.</summary>
    public int InFlightPerValidator { get; init; } = 16;

    /// <summary>
    /// The closed loop: most transfers offered and not yet committed at any moment. 0 picks, per
    /// block size, enough to fill a few blocks (<see cref="OutstandingFor"/>).
    /// </summary>
    public int Outstanding { get; init; }

    /// <summary>Offered load in transfers per second over all validators; 0 offers as fast as the outstanding window allows.</summary>
    public double Rate { get; init; }

    /// <summary>Hard limit on one run's load phase (first submission to last commit).</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long the one-core Ed25519 verification measurement (v) runs.</summary>
    public TimeSpan VerifyMeasurement { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where to write one CSV row per run, or null.</summary>
    public string? CsvPath { get; init; }

    /// <summary>Where to draw the PNG chart, or null.</summary>
    public string? ChartPath { get; init; }

    /// <summary>Runs in the sweep: every scheme at every block size.</summary>
    /// <summary>
    /// After each unpaced run, the same scheme and block size again offered at half the transfers/s
    /// it committed (<see cref="AtHalfPeakOf"/>): latency below saturation, without a second command.
    /// </summary>
    public bool HalfPeak { get; init; }

    public int RunCount => Schemes.Count * BlockSizes.Count * (HalfPeak ? 2 : 1);

    /// <summary>These options offered at half of <paramref name="unpaced"/>'s committed transfers/s (at least 1/s).</summary>
    public NodeBenchOptions AtHalfPeakOf(NodeBenchResult unpaced)
    {
        ArgumentNullException.ThrowIfNull(unpaced);
        return this with { Rate = Math.Max(1, Math.Round(unpaced.TransfersPerSecond / 2)), HalfPeak = false };
    }

    /// <summary>The outstanding window at one block size: as given, else four blocks per validator (16 to <see cref="MaxAutoOutstanding"/>).</summary>
    public int OutstandingFor(int blockSize) =>
        Outstanding > 0 ? Outstanding : (int)Math.Clamp(4L * Validators * blockSize, 16, MaxAutoOutstanding);

    /// <summary>Parses "1,10,100": positive integers, no repeats, in the order given.</summary>
    public static IReadOnlyList<int> ParseBlockSizes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sizes = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1)
            {
                throw new CliException($"--block-sizes: '{part}' is not a positive whole number (expected a comma list such as 1,100,10000)");
            }

            if (sizes.Contains(size))
            {
                throw new CliException($"--block-sizes: {size} appears twice");
            }

            sizes.Add(size);
        }

        return sizes;
    }

    /// <summary>Parses "ed25519,none": known schemes, no repeats, in the order given.</summary>
    public static IReadOnlyList<string> ParseSchemes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var schemes = new List<string>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            string scheme = part.ToLowerInvariant();
            if (NodeBenchSchemes.WhyUnsupported(scheme) is { } reason)
            {
                throw new CliException($"--schemes: {reason}");
            }

            if (schemes.Contains(scheme))
            {
                throw new CliException($"--schemes: {scheme} appears twice");
            }

            schemes.Add(scheme);
        }

        return schemes;
    }

    public void Validate()
    {
        Check(BlockSizes.Count is >= 1 and <= 20, "--block-sizes needs 1 to 20 values");
        Check(BlockSizes.All(s => s is >= 1 and <= 100_000), "--block-sizes values must be between 1 and 100000");
        Check(Schemes.Count >= 1 && Schemes.All(s => NodeBenchSchemes.WhyUnsupported(s) is null), $"--schemes needs one or more of {string.Join(", ", NodeBenchSchemes.Supported)}");
        Check(Transfers is >= 1 and <= 2_000_000, "--transfers must be between 1 and 2000000");
        Check(Duration >= TimeSpan.FromSeconds(1) && Duration <= TimeSpan.FromHours(1), "--duration must be between 1 and 3600 seconds");
        Check(WarmUp >= TimeSpan.Zero && WarmUp <= TimeSpan.FromMinutes(10), "--warm-up must be between 0 and 600 seconds");
        Check(Validators is >= 1 and <= 16, "--validators must be between 1 and 16");
        Check(MembersPerOrganisation is >= 1 and <= 1000, "--members-per-org must be between 1 and 1000");
        Check(Validators * MembersPerOrganisation >= 2, "a transfer needs two members: raise --members-per-org");
        Check(BasePort >= 1024 && BasePort + (10 * (Validators - 1)) + 2 <= 65535,
            $"--base-port {BasePort} leaves no room for {Validators} validators (each takes ports base+10i .. base+10i+2, at most 65535)");
        Check(InFlightPerValidator is >= 1 and <= 1024, "--in-flight must be between 1 and 1024");
        Check(Outstanding is >= 0 and <= 1_000_000, "--outstanding must be between 0 (picked per block size) and 1000000");
        Check(Rate is >= 0 and <= 1_000_000, "--rate must be between 0 (unpaced) and 1000000 transfers/s");
        Check(!HalfPeak || Rate == 0, "--half-peak paces its second run from the first, unpaced one: leave out --rate");
        Check(RunTimeout > TimeSpan.Zero && RunTimeout <= TimeSpan.FromHours(2), "--timeout must be between 1 and 7200 seconds");
        Check(VerifyMeasurement > TimeSpan.Zero, "the verification measurement needs a positive duration");
        Check(ChartPath is null || ChartPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase), "--chart must name a .png file");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new CliException(message);
        }
    }
}
