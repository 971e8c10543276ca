namespace Ledger.Client.Membership;

/// <summary>Where an enrolment or a revocation stands.</summary>
public enum MembershipOutcomeKind
{
    /// <summary>Committed, proven against genesis; its receipt says whether it took effect.</summary>
    Committed,

    /// <summary>A node refused it at admission (its reason code given; a node's word, not evidence).</summary>
    Rejected,

    /// <summary>Accepted by a node but not committed when the wait ended; re-running the same command is safe.</summary>
    Pending,

    /// <summary>No node took it (none reachable, or none answered with evidence that verifies).</summary>
    NotSent,
}
