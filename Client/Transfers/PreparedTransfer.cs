using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Client.Requests;

namespace Ledger.Client.Transfers;

/// <summary>
/// A request's signed and journaled transfer, ready to send. <see cref="Resumed"/> is true when
/// the journal already held it (an earlier run signed it; it may already have been sent).
/// </summary>
public sealed record PreparedTransfer(JournalEntry Entry, bool Resumed, CommitWindow Window, IReadOnlyList<NodeFailure> Failures);
