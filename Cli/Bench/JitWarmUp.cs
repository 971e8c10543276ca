namespace Ledger.Cli.Bench;

/// <summary>
/// When the validators' code has warmed up: the runtime recompiles a method at its optimising tier
/// only after it has been called often enough, so at small blocks, where a second of load is a few
/// dozen blocks, most of that recompiling fell inside the measured load and a block-size-1 row
/// measured the JIT as much as the node (docs/ARCHITECTURE.md, "Latency at block size 1"). The
/// bench's warm-up goes on past <c>--warm-up</c> until the validators' count of compiled methods
/// (<see cref="ValidatorSample.JitCompiledMethods"/>) grows by less than <see cref="SettledGrowth"/>
/// a second, for at most <see cref="MaxWarmUp"/>.
/// The JIT's compile time (<see cref="ValidatorSample.JitCompilationSeconds"/>) is reported beside
/// each run but does not end the warm-up: the runtime measures it in wall time, so on a machine whose
/// cores the validators keep busy it counts the JIT thread's waits for a core too (four validators
/// under a load average of 70 reported 60 s of it each in a 63 s warm-up).
/// </summary>
public static class JitWarmUp
{
    /// <summary>Growth per second, as a share of the methods compiled, below which the JIT counts as settled.</summary>
    public const double SettledGrowth = 0.005;

    /// <summary>The longest a warm-up waits for the JIT to settle (the fixed <c>--warm-up</c> included).</summary>
    public static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether the count of compiled methods went from <paramref name="before"/> to
    /// <paramref name="after"/> in <paramref name="between"/> slowly enough. No count (validators
    /// without a metrics endpoint) is settled: there is nothing to wait for.
    /// </summary>
    public static bool Settled(double before, double after, TimeSpan between)
    {
        if (before <= 0 || after <= 0)
        {
            return true;
        }

        double seconds = Math.Max(between.TotalSeconds, 0.001);
        return (after - before) / before / seconds < SettledGrowth;
    }
}
