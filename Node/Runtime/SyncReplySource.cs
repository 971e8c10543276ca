using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The blocks one sync reply is built from, off the event loop: the uncommitted path the loop
/// handed over, and the committed chain read from the store. Each committed height is read and
/// decoded at most once per reply.
/// </summary>
internal sealed class SyncReplySource(UncommittedPath path, CommittedBlocks committed, Hash32 target) : IBlockSource
{
    private readonly Dictionary<ulong, (Block Block, QuorumCertificate Qc)?> _read = [];

    public Block? FindBlock(Hash32 id) =>
        path.Blocks.GetValueOrDefault(id) ?? (committed.TryGetHeight(id, out var height) ? Read(height)?.Block : null);

    public Block? FindCommittedAt(ulong height) => Read(height)?.Block;

    public QuorumCertificate? FindQc(Hash32 id)
    {
        if (id == target && path.TargetQc is { } qc)
        {
            return qc;
        }

        return committed.TryGetHeight(id, out var height) && Read(height) is { } entry && entry.Block.Id == id ? entry.Qc : null;
    }

    /// <summary>A committed epoch-ending block's commit evidence after its own QC, from its stored certificate.</summary>
    public IReadOnlyList<QuorumCertificate>? FindEpochEndEvidence(Hash32 id) => committed.EvidenceAfter(id);

    private (Block Block, QuorumCertificate Qc)? Read(ulong height)
    {
        if (!_read.TryGetValue(height, out var entry))
        {
            entry = committed.At(height);
            _read[height] = entry;
        }

        return entry;
    }
}
