using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Storage;

/// <summary>
/// A committed block's index document (storage layouts 6 and 7): where it hangs, the header of the state
/// it produced, and where its record sits in the block file with the record's checksum.
/// </summary>
internal readonly record struct BlockIndexEntry(
    ulong Height, Hash32 BlockId, Hash32 ParentBlockId, StateHeader Header,
    long Offset, long Length, ulong Checksum)
{
    /// <summary>Where the next record starts.</summary>
    public long End => Offset + Length;
}
