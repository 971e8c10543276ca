using Ledger.Crypto;

namespace Ledger.Storage.TransactionIds;

/// <summary>
/// Where a transaction id was committed and whether that occurrence succeeded (16 bytes, as the
/// location alone was: its padding holds the flag).
/// </summary>
internal readonly record struct IndexedTransaction(TransactionLocation Location, bool Succeeded)
{
    /// <summary>
    /// Which of two occurrences of one id an index keeps. A transaction id committed more than once
    /// (the same signed bytes in several blocks, which only a faulty proposer does) is found at its
    /// successful occurrence if it has one, else at its first: the replay guard lets at most one
    /// occurrence succeed, and that is the one that moved money, so a wallet asking what became of
    /// its transfer is told the outcome that counts. The rule does not depend on the order the
    /// occurrences are met in (runs are built newest first after an open, merged in any order).
    /// </summary>
    public bool IsBetterThan(IndexedTransaction current) =>
        Succeeded != current.Succeeded
            ? Succeeded
            : (Location.Height, Location.Index).CompareTo((current.Location.Height, current.Location.Index)) < 0;

    /// <summary>The better of two optional answers (either may be absent).</summary>
    public static IndexedTransaction? Best(IndexedTransaction? a, IndexedTransaction? b) =>
        a is not { } x ? b : b is not { } y ? x : y.IsBetterThan(x) ? y : x;

    /// <summary>Adds one occurrence to a map, keeping the better one of an id met twice.</summary>
    public static void Keep(Dictionary<Hash32, IndexedTransaction> map, Hash32 id, IndexedTransaction entry)
    {
        ref IndexedTransaction slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, id, out bool exists);
        if (!exists || entry.IsBetterThan(slot))
        {
            slot = entry;
        }
    }
}
