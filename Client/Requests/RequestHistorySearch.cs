using Ledger.Client.Nodes;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Requests;

/// <summary>
/// Looks for a committed transfer from <c>sender</c> with a given nonce in the sender's account
/// history (GetAccountHistory, every entry verified against genesis), newest first, page by page
/// from the committed head down to genesis or until <c>maxPages</c> pages were read. Used when the
/// journal has no entry for a request id: the nonce is derived from the key and the request id, so
/// a commit of an earlier signing of the request carries it, whatever its timestamp.
/// </summary>
public static class RequestHistorySearch
{
    public static async Task<(RequestSearchResult Result, IReadOnlyList<NodeFailure> Failures)> SearchAsync(
        LedgerNodes nodes, PublicKey sender, TransferNonce nonce, int maxPages, TimeSpan callDeadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        var failures = new List<NodeFailure>();
        var asked = new List<string>();
        (ulong Height, uint Index) cursor = (0, 0);
        ulong from = 0;
        var entries = 0;
        for (var pages = 1; ; pages++)
        {
            // Any node may answer any page: a cursor is a position in the one committed chain.
            var answer = await nodes.FirstVerifiedAsync(
                (c, t) => VerifiedReads.HistoryAsync(c, nodes.Verifier, sender, cursor.Height, cursor.Index, 0, callDeadline, t), ct).ConfigureAwait(false);
            failures.AddRange(answer.Failures);
            if (!asked.Contains(answer.Node))
            {
                asked.Add(answer.Node);
            }

            var page = answer.Value.Page;
            if (pages == 1)
            {
                from = page.ScannedFromHeight;
            }

            entries += page.Entries.Count;
            var found = page.Entries.FirstOrDefault(e => e.Transaction is Transfer t && t.From == sender && t.Nonce == nonce);
            if (found is not null || page.ReachedGenesis || pages >= maxPages)
            {
                var downTo = page.ReachedGenesis ? 0 : page.NextBeforeHeight;
                return (new RequestSearchResult(found, pages, entries, from, downTo, page.ReachedGenesis, asked), failures);
            }

            cursor = (page.NextBeforeHeight, page.NextBeforeIndex);
        }
    }
}
