namespace Ledger.Consensus.Messages;

/// <summary>
/// Consecutive blocks, oldest first, each block's successor's Justify certifying it, and the QC of
/// the last block in <see cref="TipQc"/>. An empty response means the responder does not have the
/// target.
/// </summary>
public sealed record SyncResponse(IReadOnlyList<Block> Blocks, QuorumCertificate? TipQc)
{
    public static SyncResponse Empty { get; } = new([], null);
}
