using System.Collections.Concurrent;
using Ledger.Client.Evidence;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The committed chain as consensus sees it (each committed block's certificate holds the
/// consensus block and its QC), safe to read from any thread: the id index is concurrent, and
/// blocks come from the ledger store through its gate. The event loop adds each block it commits;
/// sync replies read the chain off the loop.
/// </summary>
public sealed class CommittedBlocks(LedgerEngine ledger, LedgerStoreGate store, string chainId)
{
    private readonly ConcurrentDictionary<Hash32, ulong> _heights = new();

    /// <summary>Indexes the committed chain already on disk (at start).</summary>
    public void IndexStored()
    {
        for (ulong height = 1; store.Run(() => ledger.GetBlock(height)) is { } stored; height++)
        {
            _heights[stored.BlockId] = height;
        }
    }

    public void Committed(Hash32 blockId, ulong height) => _heights[blockId] = height;

    public bool TryGetHeight(Hash32 blockId, out ulong height) => _heights.TryGetValue(blockId, out height);

    public bool Contains(Hash32 blockId) => _heights.ContainsKey(blockId);

    /// <summary>The committed block at <paramref name="height"/> with the QC that certifies it (height 0 is genesis, never a block).</summary>
    public (Block Block, QuorumCertificate Qc)? At(ulong height)
    {
        if (height == 0 || store.Run(() => ledger.GetBlock(height)) is not { } stored)
        {
            return null;
        }

        var certificate = CommitCertificate.Decode(stored.Certificate);
        return (certificate.DecodeBlock(chainId), certificate.DecodeChain()[0]);
    }
}
