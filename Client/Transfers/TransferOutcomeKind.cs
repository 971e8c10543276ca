namespace Ledger.Client.Transfers;

/// <summary>Where a request's transfer stands, as far as the wallet can prove.</summary>
public enum TransferOutcomeKind
{
    /// <summary>In a committed block, proven against genesis (its receipt may still say it changed nothing).</summary>
    Committed,

    /// <summary>A node refused it at admission, with the ledger's reason code (a refusal carries no proof).</summary>
    Rejected,

    /// <summary>A certified block is past its commit deadline and no node had it: it can never commit.</summary>
    Expired,

    /// <summary>A node holds it in its mempool; it may commit until the deadline.</summary>
    Pending,

    /// <summary>It may have reached a node and may still commit until the deadline; the wallet cannot tell.</summary>
    Unknown,

    /// <summary>Journaled, but no node could be reached, so it never left the wallet.</summary>
    NotSent,
}
