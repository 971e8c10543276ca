using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Safety;

/// <summary>
/// What a replica must remember across crashes to stay safe, persisted (and flushed) before any
/// proposal, vote or timeout it signs leaves the node: the highest round it voted or timed out in,
/// the highest round it may have proposed in (<see cref="HighestProposedRound"/>), the highest QC
/// round it has seen (the timeout rule's lock), the last vote and timeout (a repeated
/// request for that round gets the same message back), and the certificates that justify its
/// current round, so after a restart it re-enters a round it can prove to its peers. A replica that
/// started without a record is <see cref="Abstaining"/> until its peers' answers give it a
/// <see cref="Floor"/> (docs/PROTOCOL.md, safety rule 5), which it keeps in every later record.
/// <see cref="HighestProposedRound"/> is an upper bound (safety rule 6): a leader of the next round
/// records that round with its vote or timeout, so its proposal needs no write of its own; after a
/// restart it proposes in no round at or below it (re-proposing would sign a second block there).
/// Encoded by <see cref="Codec.ConsensusCodec.Encode(SafetyData)"/>.
/// </summary>
public sealed record SafetyData(
    ulong HighestVotedRound,
    ulong HighestQcRound,
    Vote? LastVote,
    RoundTimeout? LastTimeout,
    QuorumCertificate? HighQc = null,
    TimeoutCertificate? HighTc = null,
    ulong Epoch = 0,
    bool Abstaining = false,
    SigningFloor? Floor = null,
    ulong HighestProposedRound = 0)
{
    /// <summary>A fresh replica that has never signed anything.</summary>
    public static SafetyData Initial { get; } = new(0, 0, null, null);

    /// <summary>
    /// A replica that starts without its record (new, or its record deleted: the two look the same):
    /// it signs nothing until <see cref="Core.ConsensusCore"/> has gathered a floor from its peers.
    /// </summary>
    public static SafetyData Lost { get; } = Initial with { Abstaining = true };

    /// <summary>The data a replica starts <paramref name="epoch"/> with: nothing signed there, the recovery state kept.</summary>
    public SafetyData StartOf(ulong epoch) => Initial with { Epoch = epoch, Abstaining = Abstaining, Floor = Floor };
}
