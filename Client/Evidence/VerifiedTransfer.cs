using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Evidence;

/// <summary>
/// A transaction proven committed in a certified block together with its outcome: the receipt
/// status is proven by the receipts root the block's QC certifies, not reported by the node. For
/// a transfer, <see cref="SenderAddress"/> and <see cref="RecipientAddress"/> are its keys'
/// addresses on this chain (null for other transactions).
/// </summary>
public sealed record VerifiedTransfer(
    Transaction Transaction, ulong Height, Execution.ReceiptStatus Status, Hash32 StateRoot, long BlockTimestampMs,
    string? SenderAddress, string? RecipientAddress)
{
    /// <summary>The proven status's name ("Success", "InsufficientFunds", ...).</summary>
    public string ReceiptStatus => Status.ToString();

    public bool Succeeded => Status == Execution.ReceiptStatus.Success;
}
