using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// Blocks as the event loop sees them: the core's uncommitted blocks, the pending store's, and the
/// committed chain (<see cref="CommittedBlocks"/>). Used on the event-loop thread only, like the
/// core itself; sync replies take an <see cref="UncommittedPath"/> from it and read the committed
/// chain off the loop.
/// </summary>
internal sealed class ReplicaBlockSource(ConsensusCore core, PendingBlockStore pending, CommittedBlocks committed) : IBlockSource
{
    public Block? FindBlock(Hash32 id) =>
        FindUncommitted(id) ?? (committed.TryGetHeight(id, out var height) ? committed.At(height)?.Block : null);

    public Block? FindCommittedAt(ulong height) => committed.At(height)?.Block;

    public QuorumCertificate? FindQc(Hash32 id) =>
        FindUncommittedQc(id) ?? (committed.TryGetHeight(id, out var height) ? committed.At(height)?.Qc : null);

    /// <summary>A committed epoch-ending block's commit evidence after its own QC, from its stored certificate.</summary>
    public IReadOnlyList<QuorumCertificate>? FindEpochEndEvidence(Hash32 id) => committed.EvidenceAfter(id);

    /// <summary>
    /// The uncommitted blocks from <paramref name="target"/> down to the committed chain or to
    /// height <paramref name="aboveHeight"/> + 1, and the target's QC when the loop knows it. At
    /// most as many blocks as the core and the pending store hold, and no disk read.
    /// </summary>
    public UncommittedPath PathTo(Hash32 target, ulong aboveHeight)
    {
        var blocks = new Dictionary<Hash32, Block>();
        for (Block? cursor = FindUncommitted(target); cursor is not null && !committed.Contains(cursor.Id); cursor = FindUncommitted(cursor.ParentId))
        {
            if (!blocks.TryAdd(cursor.Id, cursor) || cursor.Height <= aboveHeight + 1)
            {
                break;
            }
        }

        return blocks.Count == 0 ? UncommittedPath.None : new UncommittedPath(blocks, FindUncommittedQc(target));
    }

    private Block? FindUncommitted(Hash32 id) => core.FindBlock(id) ?? pending.Find(id);

    private QuorumCertificate? FindUncommittedQc(Hash32 id)
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

        return pending.FindQcFromChild(id);
    }
}
