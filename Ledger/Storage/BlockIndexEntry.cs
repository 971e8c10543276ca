using Ledger.Crypto;

namespace Ledger.Storage;

/// <summary>
/// A committed block's index document (storage layout 4): where it hangs and its roots, and where
/// its record sits in the block file with the record's checksum.
/// </summary>
internal readonly record struct BlockIndexEntry(
    ulong Height, Hash32 BlockId, Hash32 ParentBlockId, long TimestampMs, Hash32 TxRoot, Hash32 StateRoot,
    long Offset, long Length, ulong Checksum)
{
    /// <summary>Where the next record starts.</summary>
    public long End => Offset + Length;
}
