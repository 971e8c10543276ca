using Ledger.Client.Evidence;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The committed chain as consensus sees it (each committed block's certificate holds the
/// consensus block and its QC), safe to read from any thread. A block's height by its id comes
/// from the ledger store's on-disk index on block ids, through the store's gate, so nothing here
/// grows with the chain (it used to be an in-memory map of every committed id, filled at start by
/// reading every block); sync replies read the chain off the loop.
/// </summary>
public sealed class CommittedBlocks(LedgerEngine ledger, LedgerStoreGate store, string chainId)
{
    public bool TryGetHeight(Hash32 blockId, out ulong height)
    {
        ulong? found = store.Run(() => ledger.CommittedHeightOfBlock(blockId));
        height = found ?? 0;
        return found is not null;
    }

    public bool Contains(Hash32 blockId) => TryGetHeight(blockId, out _);

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
