using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Client.Requests;

namespace Ledger.Client.Transfers;

/// <summary>
/// A request's outcome. <see cref="Node"/> is the node whose answer decided it; <see cref="Height"/>
/// the committed block (<see cref="TransferOutcomeKind.Committed"/>) or the certified block past
/// the deadline (<see cref="TransferOutcomeKind.Expired"/>); <see cref="Code"/> the ledger's
/// reason: the receipt status of a committed transfer, the admission code of a rejected one,
/// "Expired" for an expired one. <see cref="FromJournal"/> says the final outcome was read from
/// the journal (it was verified when recorded) rather than from a node now; <see cref="FromHistory"/>
/// that the journal had no entry and the committed transfer was found, verified, in the sender's
/// account history (nothing was signed).
/// </summary>
public sealed record TransferOutcome(
    TransferOutcomeKind Kind,
    JournalEntry Entry,
    CommitWindow Window,
    string? Node,
    ulong? Height,
    string? Code,
    string Message,
    IReadOnlyList<NodeFailure> Failures,
    bool FromJournal = false,
    bool FromHistory = false)
{
    /// <summary>Committed with receipt Success: the money moved.</summary>
    public bool Succeeded => Kind == TransferOutcomeKind.Committed && Code == "Success";

    /// <summary>Committed, expired: nothing can change it any more.</summary>
    public bool IsFinal => Kind is TransferOutcomeKind.Committed or TransferOutcomeKind.Expired;
}
