using System.Buffers.Binary;
using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// What a vote certifies: a block, where it sits (round, height, parent and parent round) and the
/// state root its execution produced, in an epoch (whose validator set alone may sign it). Carrying the parent link lets two QCs alone prove a
/// two-chain commit: QC(child).ParentId == QC(block).BlockId and the rounds are consecutive.
/// Votes on the same data from different voters carry different clocks; they still form one QC.
/// </summary>
public sealed record VoteData(Hash32 BlockId, ulong Round, ulong Height, Hash32 ParentId, ulong ParentRound, Hash32 StateRoot, ulong Epoch = 0)
{
    /// <summary>Canonical signing bytes of a vote on this data made when the voter's clock read <paramref name="voterTimeMs"/>.</summary>
    public byte[] SigningBytes(string chainId, long voterTimeMs) => SigningBytesWriter(chainId).WriteI64(voterTimeMs).ToArray();

    /// <summary>
    /// Hash of the signing bytes without the voter's clock: groups votes that agree on everything
    /// a QC certifies.
    /// </summary>
    public Hash32 Digest(string chainId) => SigningBytesWriter(chainId).Hash();

    /// <summary>
    /// Replaces the clock in signing bytes made by <see cref="SigningBytes"/>, in place: checking a
    /// QC builds the common prefix once and changes only its last eight bytes per signer.
    /// </summary>
    public static void SetVoterTime(Span<byte> signingBytes, long voterTimeMs) =>
        BinaryPrimitives.WriteInt64BigEndian(signingBytes[^sizeof(long)..], voterTimeMs);

    private CanonicalWriter SigningBytesWriter(string chainId) =>
        CanonicalWriter.ForSigning(DomainTags.Vote, chainId)
            .WriteU64(Epoch)
            .WriteHash(BlockId)
            .WriteU64(Round)
            .WriteU64(Height)
            .WriteHash(ParentId)
            .WriteU64(ParentRound)
            .WriteHash(StateRoot);
}
