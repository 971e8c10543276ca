namespace Ledger.Cli.Bench;

/// <summary>
/// What one `bench node` run measured, and the performance model's figures derived from it:
/// every replica verifies every client signature once, so with C cores, v verifications per
/// CPU second and n replicas, throughput cannot exceed about C*v/n. v is per second of CPU time
/// (not wall time), the same unit as the validators' CPU per transfer the signature share
/// divides by, so other load on the machine does not shrink v while inflating the CPU figures.
/// </summary>
public sealed record NodeBenchResult
{
    /// <summary>The client signature scheme the validators ran with (<see cref="NodeBenchSchemes"/>).</summary>
    public string Scheme { get; init; } = NodeBenchSchemes.Ed25519;

    public required int BlockSize { get; init; }

    /// <summary>The closed loop's bound on transfers offered and not yet committed.</summary>
    public int Outstanding { get; init; }

    /// <summary>Offered transfers/s (0: as fast as the outstanding window allows).</summary>
    public double OfferedRate { get; init; }

    public required int Replicas { get; init; }

    public required int Cores { get; init; }

    /// <summary>v: Ed25519 verifications per CPU second on one core, measured in this process before the runs.</summary>
    public required double VerifiesPerSecond { get; init; }

    public required int Accepted { get; init; }

    public required long Committed { get; init; }

    /// <summary>First submission to the commit notice that brought the count to <see cref="Accepted"/>.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Committed blocks that carried transfers.</summary>
    public required int Blocks { get; init; }

    /// <summary>Longest time between consecutive commit notices (from the first submission) until the last transfer committed.</summary>
    public required TimeSpan LongestCommitGap { get; init; }

    public required int MaxPerBlock { get; init; }

    public required LatencyStats Latency { get; init; }

    /// <summary>Increase of ledger_round_timeouts_total over the run, summed over the validators.</summary>
    public required double RoundTimeouts { get; init; }

    /// <summary>Rounds validator 1 advanced minus heights it committed over the run (rounds lost to timeouts); null if unknown.</summary>
    public required long? RoundsWithoutBlock { get; init; }

    /// <summary>User + system CPU of all validator processes over the run.</summary>
    public required TimeSpan ValidatorCpu { get; init; }

    /// <summary>The validators' JIT compile time over the run, summed (wall time inside compilation, as the runtime counts it; 0 when not exported).</summary>
    public double JitSeconds { get; init; }

    /// <summary>CPU of this process (the load generator) over the run.</summary>
    public required TimeSpan ClientCpu { get; init; }

    public required long MempoolFullRetries { get; init; }

    /// <summary>Event-loop wall time by phase plus admission verification, summed over validators (seconds).</summary>
    public required IReadOnlyDictionary<string, double> TimeByPhase { get; init; }

    /// <summary>Flushes to the device by store (safety, pending-blocks, ledger, equivocations), summed over validators.</summary>
    public IReadOnlyDictionary<string, double> FlushesByStore { get; init; } = new Dictionary<string, double>();

    public double TransfersPerSecond => Elapsed > TimeSpan.Zero ? Committed / Elapsed.TotalSeconds : 0;

    public double MeanPerBlock => Blocks == 0 ? 0 : (double)Committed / Blocks;

    /// <summary>C*v/n transfers per second: the Ed25519 bound, shown beside a `none` row too (which may pass it).</summary>
    public double Bound => BoundOf(Cores, VerifiesPerSecond, Replicas);

    public double FractionOfBound => Bound > 0 ? TransfersPerSecond / Bound : 0;

    public double CpuMicrosecondsPerTransfer => Committed == 0 ? double.NaN : ValidatorCpu.TotalMicroseconds / Committed;

    /// <summary>n/v: the CPU every transfer needs for its signature checks across all replicas (us).</summary>
    public double SignatureMicrosecondsPerTransfer => SignatureMicrosecondsOf(Replicas, VerifiesPerSecond);

    /// <summary>
    /// How much of the validators' CPU per committed transfer the signature checks explain; NaN
    /// when nothing committed or the validators checked no client signatures (scheme none).
    /// </summary>
    public double SignatureShare =>
        Committed == 0 || !NodeBenchSchemes.ChecksSignatures(Scheme) ? double.NaN : SignatureMicrosecondsPerTransfer / CpuMicrosecondsPerTransfer;

    public static double BoundOf(int cores, double verifiesPerSecond, int replicas) =>
        replicas < 1 ? throw new ArgumentOutOfRangeException(nameof(replicas)) : cores * verifiesPerSecond / replicas;

    public static double SignatureMicrosecondsOf(int replicas, double verifiesPerSecond) =>
        verifiesPerSecond <= 0 ? throw new ArgumentOutOfRangeException(nameof(verifiesPerSecond)) : replicas * 1e6 / verifiesPerSecond;
}
