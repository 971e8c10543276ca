using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Client.Evidence;

/// <summary>A block proven committed (null block at height 0: genesis) and the state root its QC signs.</summary>
public sealed record CertifiedBlock(ulong Height, Block? Block, Hash32 StateRoot, int Signers)
{
    /// <summary>The block's QC (null at genesis): its signer clocks bound the certified block time.</summary>
    public QuorumCertificate? Qc { get; init; }
}
