using Ledger.Client.Evidence;

namespace Ledger.Client.Requests;

/// <summary>
/// What a search of the sender's account history for a request's (sender, nonce) found and how
/// far it looked: <see cref="Found"/> is the committed transfer (verified against genesis), or
/// null. <see cref="ReachedGenesis"/> is the node's word that the scan went down to genesis; the
/// entries read are each verified, but a node can leave entries out, so "not found" is never
/// proven (docs/PROTOCOL.md, "Request ids and retry-safe transfers").
/// </summary>
public sealed record RequestSearchResult(
    VerifiedTransfer? Found,
    int Pages,
    int EntriesRead,
    ulong ScannedFromHeight,
    ulong ScannedDownToHeight,
    bool ReachedGenesis,
    IReadOnlyList<string> Nodes)
{
    /// <summary>One sentence on what the search covered, for people.</summary>
    public string Describe()
    {
        var range = ScannedFromHeight == 0
            ? "an empty chain"
            : ReachedGenesis
                ? $"heights {ScannedFromHeight} down to genesis (the node's word)"
                : $"heights {ScannedFromHeight} down to {ScannedDownToHeight} only";
        return $"searched {EntriesRead} verified transfer(s) of the account in {Pages} history page(s) from {string.Join(", ", Nodes)}, {range}; "
            + "a history is NOT PROVEN COMPLETE (a node can leave transfers out)";
    }
}
