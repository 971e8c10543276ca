using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Execution;

/// <summary>
/// The result of executing one block on its parent's state: the new state version (and its
/// root, which votes sign), the RFC 6962 root of the block's transaction ids, one receipt per
/// transaction, and the state changes storage writes when the block commits.
/// </summary>
public sealed record ExecutionResult(
    BlockInput Block,
    LedgerState State,
    Hash32 TxRoot,
    IReadOnlyList<Receipt> Receipts,
    StateChanges Changes)
{
    public Hash32 StateRoot => State.Root;

    public Hash32 BlockId => Block.BlockId;

    public ulong Height => Block.Height;
}
