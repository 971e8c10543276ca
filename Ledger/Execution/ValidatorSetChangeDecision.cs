using Ledger.Epochs;

namespace Ledger.Execution;

/// <summary>The verdict on a validator-set change: success with the roster it leads to, or the rule it breaks and why.</summary>
public sealed record ValidatorSetChangeDecision(ReceiptStatus Status, string Detail, ValidatorRoster? Roster)
{
    public bool Succeeded => Status == ReceiptStatus.Success;

    internal static ValidatorSetChangeDecision Refuse(ReceiptStatus status, string detail) => new(status, detail, null);
}
