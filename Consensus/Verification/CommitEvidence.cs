using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Verification;

/// <summary>
/// Checks that a chain of QCs proves a block final: the first QC certifies the block, each next QC
/// certifies a child of the previous one (its vote data names the previous block as parent, with
/// its round), and the last two are in consecutive rounds (the two-chain commit rule). In the
/// common case the chain is just the block's QC and its next-round child's QC.
/// </summary>
public static class CommitEvidence
{
    /// <returns>null when <paramref name="chain"/> proves <paramref name="blockId"/> committed, else the reason.</returns>
    public static string? Verify(Ledger.Crypto.Hash32 blockId, IReadOnlyList<QuorumCertificate> chain, MessageVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(verifier);
        if (chain.Count < 2)
        {
            return "commit evidence needs the block's QC and a child's QC";
        }

        if (chain[0].BlockId != blockId)
        {
            return "the first QC does not certify the block";
        }

        for (int i = 0; i < chain.Count; i++)
        {
            if (chain[i].IsGenesis)
            {
                return $"QC {i} is the genesis QC";
            }

            if (verifier.CheckQc(chain[i]) is { } error)
            {
                return $"QC {i}: {error}";
            }

            if (i > 0 && (chain[i].Data.ParentId != chain[i - 1].BlockId || chain[i].Data.ParentRound != chain[i - 1].Round
                || chain[i].Height != chain[i - 1].Height + 1))
            {
                return $"QC {i} does not certify a child of the block QC {i - 1} certifies";
            }
        }

        return chain[^1].Round == chain[^2].Round + 1 ? null : "the last two QCs are not in consecutive rounds";
    }
}
