using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Client.Requests;

namespace Ledger.Client.Transfers;

/// <summary>
/// A request's signed and journaled transfer, ready to send. <see cref="Resumed"/> is true when
/// the journal already held it (an earlier run signed it; it may already have been sent).
/// <see cref="Search"/> is set when the journal had no entry and the account's history was
/// searched for the request's nonce: what it found (then <see cref="Resumed"/> is true and the
/// entry holds the committed transfer) or what it covered before the transfer was signed.
/// </summary>
public sealed record PreparedTransfer(JournalEntry Entry, bool Resumed, CommitWindow Window, IReadOnlyList<NodeFailure> Failures, RequestSearchResult? Search = null);
