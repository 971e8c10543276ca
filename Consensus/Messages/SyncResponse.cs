namespace Ledger.Consensus.Messages;

/// <summary>
/// Consecutive blocks, oldest first, each block's successor's Justify certifying it, and the QC of
/// the last block in <see cref="TipQc"/>. An empty response means the responder does not have the
/// target.
/// </summary>
/// <remarks>
/// A response never spans two epochs. When its last block is its epoch's epoch-ending block,
/// <see cref="EpochEndQcs"/> holds the rest of that block's commit evidence after
/// <see cref="TipQc"/> (the suffix blocks' QCs, the last completing the two-chain), so the
/// requester can commit it and enter the next epoch; otherwise it is empty.
/// </remarks>
public sealed record SyncResponse(IReadOnlyList<Block> Blocks, QuorumCertificate? TipQc)
{
    /// <summary>Most QCs <see cref="EpochEndQcs"/> may hold.</summary>
    public const int MaxEpochEndQcs = 16;

    public static SyncResponse Empty { get; } = new([], null);

    public IReadOnlyList<QuorumCertificate> EpochEndQcs { get; init; } = [];
}
