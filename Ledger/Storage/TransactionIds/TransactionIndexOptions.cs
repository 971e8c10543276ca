namespace Ledger.Storage.TransactionIds;

/// <summary>
/// The bounds of the transaction-id index (see <see cref="TransactionIndex"/>): how much of the
/// newest chain it holds in memory before writing it out as a run file, and how many run files it
/// keeps before merging.
/// </summary>
public sealed record TransactionIndexOptions
{
    /// <summary>Blocks the in-memory window covers before it is written out as one run (default 1,024).</summary>
    public int RunBlocks { get; init; } = 1_024;

    /// <summary>Transaction ids the in-memory window holds before it is written out early (default 32,768, about 2 MB of map).</summary>
    public int RunTransactions { get; init; } = 32_768;

    /// <summary>
    /// Run files kept before the two adjacent ones with the fewest entries are merged whatever
    /// their sizes (default 24). Runs of similar size are merged anyway, so the count is about
    /// log2 of the chain's ids over <see cref="RunTransactions"/> and this is only the ceiling.
    /// </summary>
    public int MaxRuns { get; init; } = 24;

    public static TransactionIndexOptions Default { get; } = new();

    /// <summary>Refuses bounds that would not bound anything.</summary>
    public void Validate()
    {
        if (RunBlocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RunBlocks), RunBlocks, "the transaction index's run must cover at least one block");
        }

        if (RunTransactions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RunTransactions), RunTransactions, "the transaction index's window must hold at least one id");
        }

        if (MaxRuns < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRuns), MaxRuns, "the transaction index must be allowed at least two runs (one being merged into)");
        }
    }
}
