namespace Ledger.Storage;

/// <summary>
/// A committed block below the store's first stored height was asked for: the store was installed
/// from a snapshot at <see cref="BaseHeight"/> (or its older blocks were pruned), so it cannot
/// answer, and says so rather than answering "no such block".
/// </summary>
public sealed class BlockNotStoredException : Exception
{
    public BlockNotStoredException()
    {
    }

    public BlockNotStoredException(string message)
        : base(message)
    {
    }

    public BlockNotStoredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BlockNotStoredException(ulong height, ulong firstHeight)
        : base($"block {height} is not stored here: this store begins at block {firstHeight} (installed from a snapshot at height {firstHeight - 1}, or older blocks pruned)")
    {
        Height = height;
        FirstHeight = firstHeight;
    }

    /// <summary>The height asked for.</summary>
    public ulong Height { get; }

    /// <summary>The lowest height whose block this store holds.</summary>
    public ulong FirstHeight { get; }

    /// <summary>The height of the snapshot the store was installed from (its first height - 1).</summary>
    public ulong BaseHeight => FirstHeight - 1;
}
