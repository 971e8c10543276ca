namespace Ledger.Client.Journal;

/// <summary>A request's final outcome, recorded once the ledger has settled it for good.</summary>
public enum JournalOutcomeKind
{
    /// <summary>In a committed block, proven against genesis (whatever its receipt says).</summary>
    Committed,

    /// <summary>A certified block is past the transfer's commit deadline and no node had it: it can never commit.</summary>
    Expired,
}
