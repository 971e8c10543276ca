using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger;

/// <summary>
/// A committed transaction with the evidence of its inclusion: its block's height and tx root,
/// its index, the block's transaction count and the RFC 6962 audit path. Check with
/// <see cref="Execution.TransactionRoots.VerifyInclusion"/>; the block's certificate (from
/// <see cref="LedgerEngine.GetBlock"/>) then proves the root was committed.
/// </summary>
public sealed record TransactionProof(
    Transaction Transaction,
    ulong Height,
    int Index,
    int TransactionCount,
    Hash32 TxRoot,
    IReadOnlyList<Hash32> AuditPath,
    Execution.Receipt Receipt)
{
    public bool Verify() =>
        Receipt.TransactionId == Transaction.Id
        && Execution.TransactionRoots.VerifyInclusion(Transaction.Id, Index, TransactionCount, AuditPath, TxRoot);
}
