using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Crypto;

namespace Ledger.Client.Membership;

/// <summary>
/// The outcome of submitting an Enroll or a Revoke: <see cref="Committed"/> holds the verified
/// proof (transaction, receipt, commit evidence) when <see cref="Kind"/> is Committed;
/// <see cref="Code"/> is the proven receipt status then, or the node's refusal code when Rejected.
/// </summary>
public sealed record MembershipOutcome(
    MembershipOutcomeKind Kind, Hash32 TransactionId, string? Node, VerifiedTransfer? Committed, string? Code, string Message, IReadOnlyList<NodeFailure> Failures)
{
    public bool Succeeded => Committed is { Succeeded: true };
}
