namespace Ledger.Consensus.Messages;

/// <summary>
/// Two conflicting messages signed by one validator for one round. <see cref="First"/> and
/// <see cref="Second"/> are both <see cref="Proposal"/>, both <see cref="Vote"/> or both
/// <see cref="RoundTimeout"/> (as <see cref="Kind"/> says), both with valid signatures.
/// </summary>
public sealed record EquivocationEvidence(EquivocationKind Kind, int Offender, ulong Round, SignedMessage First, SignedMessage Second);
