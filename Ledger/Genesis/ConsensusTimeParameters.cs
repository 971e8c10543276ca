namespace Ledger.Genesis;

/// <summary>
/// BFT block time, identical on every node and known to every wallet: a validator votes for a
/// block only when the block's timestamp lies at most <see cref="BlockTimeAheadMs"/> ahead of and
/// <see cref="BlockTimeBehindMs"/> behind its own clock, and its vote carries that clock, so the
/// QC that certifies a block also bounds its time (docs/PROTOCOL.md, "Block time"). A genesis
/// file without the section gets these defaults.
/// </summary>
public sealed record ConsensusTimeParameters
{
    /// <summary>How far ahead of a voter's clock a block's timestamp may be.</summary>
    public long BlockTimeAheadMs { get; init; } = 2_000;

    /// <summary>
    /// How far behind a voter's clock a block's timestamp may be: the proposal's trip and its wait
    /// in the voter's queue. Also how far a Byzantine leader can hold block time back.
    /// </summary>
    public long BlockTimeBehindMs { get; init; } = 5_000;
}
