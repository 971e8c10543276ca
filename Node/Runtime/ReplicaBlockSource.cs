using Ledger.Client.Evidence;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// Answers peers' sync requests from the core's uncommitted blocks and the ledger's committed
/// chain (each committed block's certificate holds the consensus block and its QC). Used on the
/// event-loop thread only, like the core itself.
/// </summary>
internal sealed class ReplicaBlockSource(ConsensusCore core, LedgerEngine ledger, LedgerStoreGate store, PendingBlockStore pending, string chainId) : IBlockSource
{
    private readonly Dictionary<Hash32, ulong> _committedHeights = [];

    /// <summary>Indexes the committed chain already on disk (at start).</summary>
    public void IndexStored()
    {
        for (ulong height = 1; store.Run(() => ledger.GetBlock(height)) is { } stored; height++)
        {
            _committedHeights[stored.BlockId] = height;
        }
    }

    public void Committed(Hash32 blockId, ulong height) => _committedHeights[blockId] = height;

    public Block? FindBlock(Hash32 id) =>
        core.FindBlock(id) ?? pending.Find(id) ?? (_committedHeights.TryGetValue(id, out var height) ? FindCommittedAt(height) : null);

    public Block? FindCommittedAt(ulong height) =>
        height == 0 || store.Run(() => ledger.GetBlock(height)) is not { } stored ? null : CommitCertificate.Decode(stored.Certificate).DecodeBlock(chainId);

    public QuorumCertificate? FindQc(Hash32 id)
    {
        if (core.FindQc(id) is { } qc)
        {
            return qc;
        }

        // After a restart the core's high QC may certify a block only the pending store still holds.
        if (core.HighQc.BlockId == id)
        {
            return core.HighQc;
        }

        if (pending.FindQcFromChild(id) is { } fromChild)
        {
            return fromChild;
        }

        return _committedHeights.TryGetValue(id, out var height) && store.Run(() => ledger.GetBlock(height)) is { } stored
            ? CommitCertificate.Decode(stored.Certificate).DecodeChain()[0]
            : null;
    }
}
