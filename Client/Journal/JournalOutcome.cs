namespace Ledger.Client.Journal;

/// <summary>
/// The final outcome of a journaled request. <see cref="Height"/> is the committed block for
/// <see cref="JournalOutcomeKind.Committed"/>, else the certified block whose timestamp
/// (<see cref="CertifiedTimestampMs"/>) is past the deadline. <see cref="Receipt"/> is the
/// ledger's receipt status of a committed transfer ("Success" or why it changed nothing).
/// </summary>
public sealed record JournalOutcome(JournalOutcomeKind Kind, ulong Height, string? Receipt, long CertifiedTimestampMs, string Node, long RecordedUnixMs);
