namespace Ledger.Client.Evidence;

/// <summary>
/// A page of an account's history whose every entry is a verified committed transfer naming the
/// account, in strictly decreasing chain position, all before the cursor asked for. It is not
/// proven complete: a node can leave entries out, and nothing in the state lets a client tell
/// (docs/PROTOCOL.md, "Account history"). <see cref="NextBeforeHeight"/> 0: the node says it read
/// down to genesis (its word).
/// </summary>
public sealed record VerifiedHistoryPage(IReadOnlyList<VerifiedTransfer> Entries, ulong NextBeforeHeight, uint NextBeforeIndex, ulong ScannedFromHeight)
{
    public bool ReachedGenesis => NextBeforeHeight == 0;
}
