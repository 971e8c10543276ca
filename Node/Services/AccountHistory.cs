using Ledger.Crypto;
using Ledger.Storage;
using Ledger.Node.Runtime;

namespace Ledger.Node.Services;

/// <summary>
/// An account's committed transfers for GetAccountHistory, read from the stored blocks newest
/// first rather than from a per-account index: an index kept in memory would grow with the chain,
/// and one kept in LiteDB would cost an index entry per transfer and party on the commit path
/// (about 25 us each, which is why the store keeps no per-transaction LiteDB index at all). So a
/// call reads at most <c>limits.historyScanBlocks</c> blocks and stops after the block that brings
/// the payload bytes it decoded to <c>limits.historyScanBytes</c> (blocks may be 4 MiB each: a
/// block count alone would let one call decode gigabytes). Each block is read through the store
/// gate, one at a time, so commits are not held up, and returns at most its page's limit of entries, each
/// proven as GetTransfer proves it; the cursor says where the next call continues. The whole call
/// holds one of the <c>limits.transferProofsInFlight</c> proof slots (<see cref="TransferProofs"/>).
/// </summary>
public sealed class AccountHistory(LedgerEngine ledger, LedgerStoreGate store, int scanBlocks, long scanBytes)
{
    /// <summary>
    /// Up to <paramref name="limit"/> of the account's transfers strictly before
    /// (<paramref name="beforeHeight"/>, <paramref name="beforeIndex"/>), newest first;
    /// <paramref name="beforeHeight"/> 0 starts at the committed head.
    /// </summary>
    public AccountHistoryPage Read(PublicKey account, ulong beforeHeight, uint beforeIndex, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ulong head = ledger.Committed.Height;

        // The first block to read and the payload index below which it is read.
        ulong height;
        long below;
        if (beforeHeight == 0 || beforeHeight > head + 1 || (beforeHeight == head + 1 && beforeIndex == 0))
        {
            (height, below) = (head, long.MaxValue);
        }
        else if (beforeIndex == 0)
        {
            (height, below) = (beforeHeight - 1, long.MaxValue);
        }
        else
        {
            (height, below) = (beforeHeight, beforeIndex);
        }

        // A store installed from a snapshot holds no block below its first height: a page there is
        // refused as not stored (never answered as "no more history"), and a scan stops above it
        // with the cursor pointing there.
        ulong first = ledger.FirstHeight;
        if (height >= 1 && height < first)
        {
            throw new BlockNotStoredException(height, first);
        }

        ulong from = height;
        var entries = new List<CommittedTransaction>();
        long decoded = 0;
        for (int scanned = 0; height >= first && scanned < scanBlocks && decoded < scanBytes; scanned++, height--, below = long.MaxValue)
        {
            if (store.Run(() => ledger.GetBlock(height)) is not { } block)
            {
                break;
            }

            decoded += block.Payload.Length;
            IReadOnlyList<int> mine = ledger.TransfersOf(block, account);
            for (int i = mine.Count - 1; i >= 0; i--)
            {
                if (mine[i] >= below)
                {
                    continue;
                }

                entries.Add(ledger.ProveTransaction(block, mine[i]));
                if (entries.Count == limit)
                {
                    // Full: the next page continues before this entry (the rest of this block first).
                    return new AccountHistoryPage(entries, height, (uint)mine[i], from);
                }
            }
        }

        // Ran out of blocks (height 0: nothing older) or of this call's scan budget (continue below height + 1).
        return height == 0
            ? new AccountHistoryPage(entries, 0, 0, from)
            : new AccountHistoryPage(entries, height + 1, 0, from);
    }
}
