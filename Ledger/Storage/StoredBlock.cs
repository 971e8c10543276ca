using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Storage;

/// <summary>
/// A committed block as stored: where it hangs, its roots, its payload, the consensus
/// certificate (opaque bytes to the ledger), its receipts and the state diff it made.
/// </summary>
public sealed record StoredBlock(
    ulong Height,
    Hash32 BlockId,
    Hash32 ParentBlockId,
    long TimestampMs,
    Hash32 TxRoot,
    Hash32 StateRoot,
    byte[] Payload,
    byte[] Certificate,
    byte[] Receipts,
    byte[] StateDiff)
{
    /// <summary>The stored form of an executed block, with its (opaque) consensus certificate.</summary>
    public static StoredBlock From(ExecutionResult result, ReadOnlySpan<byte> certificate)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new StoredBlock(result.Height, result.BlockId, result.Block.ParentBlockId, result.Block.TimestampMs, result.TxRoot, result.StateRoot,
            PayloadCodec.Encode(result.Block.Transactions), certificate.ToArray(), Receipt.EncodeAll(result.Receipts), StateChangesCodec.Encode(result.Changes));
    }
}
