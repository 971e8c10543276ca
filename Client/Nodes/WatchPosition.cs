using Ledger.Crypto;

namespace Ledger.Client.Nodes;

/// <summary>
/// How far a watch has verified: the next height to read and the id of the last block verified
/// (its child must name it as parent). It survives a stream that ends, so the watch resumes on the
/// same or another node without skipping or repeating a block.
/// </summary>
public sealed class WatchPosition(ulong nextHeight)
{
    /// <summary>The next block height to verify; 0 until the first commit notice says where "now" is.</summary>
    public ulong NextHeight { get; set; } = nextHeight;

    /// <summary>The last verified block's id, null before the first.</summary>
    public Hash32? LastBlockId { get; set; }

    /// <summary>The last verified block's height, 0 before the first.</summary>
    public ulong LastVerifiedHeight { get; set; }
}
