using Ledger.Crypto;

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
    byte[] StateDiff);
