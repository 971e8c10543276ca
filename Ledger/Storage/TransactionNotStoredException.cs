using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary>
/// A transaction asked for by id was committed in a block below the store's first stored height
/// (pruned, or below the snapshot the store was installed from): the transaction-id index still
/// knows where, because it drops only the runs wholly below the first stored height, but the
/// block is gone, so the store says which block it was rather than "no such transaction" or a
/// bare "block not stored".
/// </summary>
public sealed class TransactionNotStoredException : Exception
{
    public TransactionNotStoredException()
    {
    }

    public TransactionNotStoredException(string message)
        : base(message)
    {
    }

    public TransactionNotStoredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransactionNotStoredException(Hash32 transactionId, ulong height, ulong firstHeight)
        : base($"transaction {transactionId.ToShortHex()} was committed in block {height}, which is not stored here: this store begins at block {firstHeight} (installed from a snapshot at height {firstHeight - 1}, or older blocks pruned); ask a node that keeps older blocks for its proof")
    {
        TransactionId = transactionId;
        Height = height;
        FirstHeight = firstHeight;
    }

    /// <summary>The transaction asked for.</summary>
    public Hash32 TransactionId { get; }

    /// <summary>The height it was committed at.</summary>
    public ulong Height { get; }

    /// <summary>The lowest height whose block this store holds.</summary>
    public ulong FirstHeight { get; }
}
