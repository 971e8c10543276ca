using Ledger.Client.Requests;
using Ledger.Transactions;

namespace Ledger.Client.Journal;

/// <summary>
/// One request in the journal: the transfer signed for it (never signed again), when it was
/// journaled, and its final outcome once known.
/// </summary>
public sealed record JournalEntry(RequestId RequestId, Transfer Transfer, long CreatedUnixMs, string Path, JournalOutcome? Outcome);
