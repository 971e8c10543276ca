using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Node.Client;

/// <summary>
/// A transaction proven committed in a certified block together with its outcome: the receipt
/// status is proven by the receipts root the block's QC certifies, not reported by the node.
/// </summary>
public sealed record VerifiedTransfer(Transaction Transaction, ulong Height, Execution.ReceiptStatus Status, Hash32 StateRoot, long BlockTimestampMs)
{
    /// <summary>The proven status's name ("Success", "InsufficientFunds", ...).</summary>
    public string ReceiptStatus => Status.ToString();

    public bool Succeeded => Status == Execution.ReceiptStatus.Success;
}
