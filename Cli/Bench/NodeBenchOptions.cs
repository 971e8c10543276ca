using System.Globalization;
using Ledger.Cli.Support;

namespace Ledger.Cli.Bench;

/// <summary>Knobs of `ledger bench node`; <see cref="Validate"/> says what is wrong in the option's own terms.</summary>
public sealed record NodeBenchOptions
{
    public IReadOnlyList<int> BlockSizes { get; init; } = [2000, 10000];

    /// <summary>Transfers per run, all pre-signed before the clock starts.</summary>
    public int Transfers { get; init; } = 30_000;

    /// <summary>Transfers submitted and committed before the measured load, so the JIT has optimised the hot code.</summary>
    public int WarmUpTransfers { get; init; } = 10_000;

    public int Validators { get; init; } = 4;

    public int MembersPerOrganisation { get; init; } = 8;

    public int BasePort { get; init; } = 7700;

    public bool Keep { get; init; }

    /// <summary>Submissions in flight per validator; enough to keep every mempool fed between proposals.</summary>
    public int InFlightPerValidator { get; init; } = 16;

    /// <summary>Offered load in transfers per second over all validators; 0 offers everything as fast as it is accepted.</summary>
    public double Rate { get; init; }

    /// <summary>Hard limit on one run's load phase (first submission to last commit).</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(240);

    /// <summary>How long the one-core Ed25519 verification measurement (v) runs.</summary>
    public TimeSpan VerifyMeasurement { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Parses "2000,10000": positive integers, no repeats, in the order given.</summary>
    public static IReadOnlyList<int> ParseBlockSizes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sizes = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1)
            {
                throw new CliException($"--block-sizes: '{part}' is not a positive whole number (expected a comma list such as 2000,10000)");
            }

            if (sizes.Contains(size))
            {
                throw new CliException($"--block-sizes: {size} appears twice");
            }

            sizes.Add(size);
        }

        return sizes;
    }

    public void Validate()
    {
        Check(BlockSizes.Count is >= 1 and <= 20, "--block-sizes needs 1 to 20 values");
        Check(BlockSizes.All(s => s is >= 1 and <= 100_000), "--block-sizes values must be between 1 and 100000");
        Check(Transfers is >= 1 and <= 2_000_000, "--transfers must be between 1 and 2000000");
        Check(WarmUpTransfers is >= 0 and <= 2_000_000, "--warm-up must be between 0 and 2000000");
        Check(Validators is >= 1 and <= 16, "--validators must be between 1 and 16");
        Check(MembersPerOrganisation is >= 1 and <= 1000, "--members-per-org must be between 1 and 1000");
        Check(Validators * MembersPerOrganisation >= 2, "a transfer needs two members: raise --members-per-org");
        Check(BasePort >= 1024 && BasePort + (10 * (Validators - 1)) + 2 <= 65535,
            $"--base-port {BasePort} leaves no room for {Validators} validators (each takes ports base+10i .. base+10i+2, at most 65535)");
        Check(InFlightPerValidator is >= 1 and <= 1024, "--in-flight must be between 1 and 1024");
        Check(Rate is >= 0 and <= 1_000_000, "--rate must be between 0 (unpaced) and 1000000 transfers/s");
        Check(RunTimeout > TimeSpan.Zero && RunTimeout <= TimeSpan.FromHours(2), "--timeout must be between 1 and 7200 seconds");
        Check(VerifyMeasurement > TimeSpan.Zero, "the verification measurement needs a positive duration");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new CliException(message);
        }
    }
}
