using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// What a vote certifies: a block, where it sits (round, height, parent and parent round) and the
/// state root its execution produced. Carrying the parent link lets two QCs alone prove a
/// two-chain commit: QC(child).ParentId == QC(block).BlockId and the rounds are consecutive.
/// </summary>
public sealed record VoteData(Hash32 BlockId, ulong Round, ulong Height, Hash32 ParentId, ulong ParentRound, Hash32 StateRoot)
{
    /// <summary>Canonical signing bytes of a vote on this data.</summary>
    public byte[] SigningBytes(string chainId) => SigningBytesWriter(chainId).ToArray();

    /// <summary>Hash of the signing bytes: groups votes that agree on everything.</summary>
    public Hash32 Digest(string chainId) => SigningBytesWriter(chainId).Hash();

    private CanonicalWriter SigningBytesWriter(string chainId) =>
        CanonicalWriter.ForSigning(DomainTags.Vote, chainId)
            .WriteHash(BlockId)
            .WriteU64(Round)
            .WriteU64(Height)
            .WriteHash(ParentId)
            .WriteU64(ParentRound)
            .WriteHash(StateRoot);
}
