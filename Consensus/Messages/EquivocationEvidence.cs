namespace Ledger.Consensus.Messages;

/// <summary>
/// Two conflicting messages signed by one validator for one round. <see cref="First"/> and
/// <see cref="Second"/> are <see cref="Proposal"/>, <see cref="Vote"/> or <see cref="RoundTimeout"/>
/// records of the same kind, both with valid signatures.
/// </summary>
public sealed record EquivocationEvidence(EquivocationKind Kind, int Offender, ulong Round, object First, object Second);
