using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// Reads equivocation evidence in the encoding logs held before evidence became compact
/// (<c>u8 kind, u32 offender, u64 round, bytes first, bytes second</c>, each message whole) and
/// keeps of each message what its signature covers, so an upgraded node keeps what it had proven.
/// </summary>
internal static class LegacyEvidence
{
    private const int MaxMessageBytes = ConsensusCodec.MaxPayloadBytes + (64 * 1024);

    public static EquivocationEvidence ToCompact(byte[] legacy, string chainId)
    {
        var reader = new CanonicalReader(legacy);
        var kind = (EquivocationKind)reader.ReadU8();
        var offender = checked((int)reader.ReadU32());
        var round = reader.ReadU64();
        var first = reader.ReadBytes(MaxMessageBytes);
        var second = reader.ReadBytes(MaxMessageBytes);
        reader.EnsureEnd();
        return new EquivocationEvidence(kind, offender, round, Statement(kind, first, chainId), Statement(kind, second, chainId));
    }

    private static SignedMessage Statement(EquivocationKind kind, byte[] message, string chainId) => kind switch
    {
        EquivocationKind.Proposal => SignedBlockHeader.Of(ConsensusCodec.DecodeProposal(message, chainId).Block),
        EquivocationKind.Vote => ConsensusCodec.DecodeVote(message),
        EquivocationKind.Timeout => SignedTimeoutRound.Of(ConsensusCodec.DecodeTimeout(message)),
        _ => throw new FormatException($"unknown equivocation kind {(byte)kind}"),
    };
}
