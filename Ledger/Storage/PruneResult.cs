namespace Ledger.Storage;

/// <summary>What one <see cref="LedgerStore.Prune"/> dropped, and the first stored height after it.</summary>
public sealed record PruneResult(ulong FirstHeight, int Segments, long Bytes, long IndexDocuments)
{
    /// <summary>Nothing was dropped; the store still begins at <paramref name="firstHeight"/>.</summary>
    public static PruneResult Nothing(ulong firstHeight) => new(firstHeight, 0, 0, 0);
}
