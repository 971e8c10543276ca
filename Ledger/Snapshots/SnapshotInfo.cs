using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Snapshots;

/// <summary>What a snapshot says it is: the committed height, the block id and the state header (whose hash is the state root).</summary>
public sealed record SnapshotInfo(ulong Height, Hash32 BlockId, StateHeader Header)
{
    public Hash32 StateRoot => Header.Root;
}
