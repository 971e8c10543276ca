namespace Ledger.Node.Services;

/// <summary>
/// One page of an account's committed transfers, newest first, and where the next page starts:
/// strictly before (<paramref name="NextBeforeHeight"/>, <paramref name="NextBeforeIndex"/>) in
/// chain order; a next height of 0 means the scan reached genesis.
/// </summary>
public sealed record AccountHistoryPage(IReadOnlyList<CommittedTransaction> Entries, ulong NextBeforeHeight, uint NextBeforeIndex, ulong ScannedFromHeight);
