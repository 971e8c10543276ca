using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// The latest committed block a replica starts from: genesis, or after a restart the last block
/// the node committed (with its QC and the state root it produced).
/// </summary>
public sealed record CommittedRoot(Hash32 BlockId, ulong Round, ulong Height, long TimestampMs, Hash32 StateRoot, QuorumCertificate Qc)
{
    public static CommittedRoot Genesis(string chainId, Hash32 genesisStateRoot, long genesisTimestampMs)
    {
        QuorumCertificate qc = QuorumCertificate.Genesis(chainId, genesisStateRoot);
        return new CommittedRoot(qc.BlockId, 0, 0, genesisTimestampMs, genesisStateRoot, qc);
    }

    /// <summary>A committed block; <paramref name="qc"/> must certify it.</summary>
    public static CommittedRoot FromBlock(Block block, QuorumCertificate qc)
    {
        if (qc.BlockId != block.Id)
        {
            throw new ArgumentException($"QC certifies {qc.BlockId.ToShortHex()}, not block {block.Id.ToShortHex()}", nameof(qc));
        }

        return new CommittedRoot(block.Id, block.Round, block.Height, block.TimestampMs, qc.Data.StateRoot, qc);
    }
}
