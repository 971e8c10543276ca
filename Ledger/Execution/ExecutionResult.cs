using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.State;

namespace Ledger.Execution;

/// <summary>
/// The result of executing one block on its parent's state: the new state version (whose header
/// holds the block's transaction and receipts roots, and whose root votes sign), one receipt per
/// transaction, and the state changes storage writes when the block commits.
/// </summary>
public sealed record ExecutionResult(
    BlockInput Block,
    LedgerState State,
    IReadOnlyList<Receipt> Receipts,
    StateChanges Changes)
{
    public Hash32 StateRoot => State.Root;

    /// <summary>The RFC 6962 root of the block's transaction ids (<see cref="TransactionRoots"/>).</summary>
    public Hash32 TxRoot => State.Header.TxRoot;

    /// <summary>The RFC 6962 root of the block's receipts (<see cref="ReceiptRoots"/>).</summary>
    public Hash32 ReceiptsRoot => State.Header.ReceiptsRoot;

    public Hash32 BlockId => Block.BlockId;

    public ulong Height => Block.Height;

    /// <summary>Set when the block applied a validator-set change: it is the epoch-ending block of the parent's epoch, and this is the epoch and roster it began.</summary>
    public EpochChange? NextEpoch => Changes.NextEpoch;
}
