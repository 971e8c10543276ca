namespace Ledger.Cli.Bench;

/// <summary>
/// When the validators' code has warmed up: the runtime recompiles a method at its optimising tier
/// only after it has been called often enough, so at small blocks, where a second of load is a few
/// dozen blocks, most of that recompiling fell inside the measured load and a block-size-1 row
/// measured the JIT as much as the node (docs/ARCHITECTURE.md, "Latency at block size 1"). The
/// bench's warm-up goes on past <c>--warm-up</c> until, between two samples a second apart, the
/// validators' count of compiled methods (<see cref="ValidatorSample.JitCompiledMethods"/>) grows
/// by less than <see cref="SettledGrowth"/> a second and their JIT spends less than
/// <see cref="SettledJitShare"/> of each validator's wall time compiling
/// (<see cref="ValidatorSample.JitCompilationSeconds"/>), for at most <see cref="MaxWarmUp"/>.
/// The second condition is there because the count alone settled while the optimising
/// recompiles of hot methods - few, but each costly - still took 17% of the machine's samples in
/// a measured load at blocks of 1,000 (perf, 2026-12-05): at full load the JIT's background
/// thread competes with the validators for the cores, so hot code stays unoptimised longer.
/// </summary>
public static class JitWarmUp
{
    /// <summary>Growth per second, as a share of the methods compiled, below which the JIT counts as settled.</summary>
    public const double SettledGrowth = 0.005;

    /// <summary>Compile time per validator as a share of wall time (1% of a core) below which the JIT counts as settled.</summary>
    public const double SettledJitShare = 0.01;

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

    /// <summary>
    /// Whether both the count (<see cref="Settled(double, double, TimeSpan)"/>) and the compile
    /// time settled between two samples of <paramref name="validators"/> validators. Samples
    /// without compile time (0: validators of a build that does not export it) judge by the count alone.
    /// </summary>
    public static bool Settled(JitReading before, JitReading after, TimeSpan between, int validators)
    {
        if (!Settled(before.Methods, after.Methods, between))
        {
            return false;
        }

        if (before.CompileSeconds <= 0 || after.CompileSeconds <= 0 || validators < 1)
        {
            return true;
        }

        double seconds = Math.Max(between.TotalSeconds, 0.001);
        return (after.CompileSeconds - before.CompileSeconds) / validators / seconds < SettledJitShare;
    }
}
