using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Sync;

/// <summary>
/// What a node can look up to answer a peer's <see cref="SyncRequest"/>: its committed chain (by
/// height, with each block's QC) and the uncommitted blocks its core holds
/// (<see cref="Core.ConsensusCore.FindBlock"/>, <see cref="Core.ConsensusCore.FindQc"/>).
/// </summary>
public interface IBlockSource
{
    /// <summary>Any block by id, committed or not.</summary>
    Block? FindBlock(Hash32 id);

    /// <summary>The committed block at <paramref name="height"/> (height 0 is genesis, never a block).</summary>
    Block? FindCommittedAt(ulong height);

    /// <summary>The QC certifying a block, if known.</summary>
    QuorumCertificate? FindQc(Hash32 id);

    /// <summary>
    /// For a committed epoch-ending block: the QCs after its own in its commit evidence (its suffix
    /// blocks' QCs, the last completing the two-chain), which a sync answer ending at it carries so
    /// the requester can commit it and enter the next epoch. Null when unknown.
    /// </summary>
    IReadOnlyList<QuorumCertificate>? FindEpochEndEvidence(Hash32 id) => null;
}
