namespace Ledger.Cli.Bench;

/// <summary>
/// The garbage collector's counters at one moment; the difference of two is what the code
/// between them cost the collector. State versions are persistent trees, so allocation and
/// collection are a large share of execution and the benchmark reports them beside the rates.
/// </summary>
public readonly record struct GcSnapshot(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcSnapshot Take() => new(
        GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration());

    public static GcSnapshot operator -(GcSnapshot after, GcSnapshot before) => new(
        after.AllocatedBytes - before.AllocatedBytes,
        after.Gen0 - before.Gen0,
        after.Gen1 - before.Gen1,
        after.Gen2 - before.Gen2,
        after.Paused - before.Paused);
}
