namespace Ledger.Consensus.Messages;

/// <summary>
/// Two conflicting statements signed by one validator for one round, each exactly what its
/// signature covers: two <see cref="SignedBlockHeader"/> (proposals), two <see cref="Vote"/> or two
/// <see cref="SignedTimeoutRound"/>, as <see cref="Kind"/> says. Compact (a few hundred bytes, never
/// a block's payload) and checkable against the genesis validator keys alone
/// (<see cref="Verification.EquivocationVerifier"/>).
/// </summary>
public sealed record EquivocationEvidence(EquivocationKind Kind, int Offender, ulong Round, SignedMessage First, SignedMessage Second);
