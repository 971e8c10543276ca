namespace Ledger.Storage;

/// <summary>How the block records are cut into segment files (<see cref="BlockFile"/>).</summary>
public sealed record BlockFileOptions
{
    /// <summary>The smallest segment size accepted: smaller would mean a file (and a folder flush) every few blocks.</summary>
    public const long MinimumSegmentBytes = 4 * 1024;

    public static BlockFileOptions Default { get; } = new();

    /// <summary>
    /// A record is written into a new segment once the current one holds this many bytes, so a
    /// segment is about this size (one record more). Pruning drops whole segments: smaller ones
    /// prune closer to the limit asked, at the cost of more files.
    /// </summary>
    public long SegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Refuses values no store can run with (an <see cref="ArgumentOutOfRangeException"/> naming the option).</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(SegmentBytes, MinimumSegmentBytes, nameof(SegmentBytes));
}
