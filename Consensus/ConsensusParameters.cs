namespace Ledger.Consensus;

/// <summary>
/// Tunables, kept apart from membership (<see cref="ValidatorSet"/>). All times are milliseconds of
/// the clock the caller passes in; the core never reads a clock.
/// </summary>
public sealed record ConsensusParameters
{
    /// <summary>Round timeout after progress; doubles after each consecutive timeout.</summary>
    public long BaseTimeoutMs { get; init; } = 1_000;

    /// <summary>Cap on the backed-off round timeout.</summary>
    public long MaxTimeoutMs { get; init; } = 30_000;

    /// <summary>
    /// How far ahead of the replica's own clock a block's timestamp may be for it to vote (genesis
    /// <c>consensus.blockTimeAheadMs</c>; see <see cref="Verification.BlockTimeWindow"/>).
    /// </summary>
    public long MaxBlockTimeAheadMs { get; init; } = 2_000;

    /// <summary>
    /// How far behind the replica's own clock a block's timestamp may be for it to vote (genesis
    /// <c>consensus.blockTimeBehindMs</c>): covers the proposal's trip and the wait in the
    /// receiver's queue, and bounds how far a Byzantine leader can hold block time back.
    /// </summary>
    public long MaxBlockTimeBehindMs { get; init; } = 5_000;

    /// <summary>
    /// While nothing is pending, a leader proposes (an empty block) only once this long has passed
    /// since its parent's timestamp, and replicas wait this plus a round timeout before giving up
    /// on the round; work arriving ends the wait at once.
    /// </summary>
    public long HeartbeatMs { get; init; } = 5_000;

    /// <summary>Messages for rounds further than this beyond the current round are dropped.</summary>
    public ulong MaxRoundsAhead { get; init; } = 100;

    /// <summary>Largest payload a block may carry.</summary>
    public int MaxPayloadBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most blocks one sync response carries.</summary>
    public int MaxSyncBlocks { get; init; } = 64;

    /// <summary>Most uncommitted blocks the block store holds; further blocks are refused.</summary>
    public int MaxStoredBlocks { get; init; } = 4_096;

    /// <summary>The block time bounds as one value.</summary>
    public Verification.BlockTimeWindow TimeWindow => new(MaxBlockTimeAheadMs, MaxBlockTimeBehindMs);

    /// <summary>Production defaults.</summary>
    public static ConsensusParameters Default { get; } = new();

    /// <summary>Short timeouts for tests and the simulator.</summary>
    public static ConsensusParameters ForTests() => new()
    {
        BaseTimeoutMs = 200,
        MaxTimeoutMs = 1_600,
        MaxBlockTimeAheadMs = 500,
        MaxBlockTimeBehindMs = 1_000,
        HeartbeatMs = 1_000,
        MaxRoundsAhead = 30,
        MaxPayloadBytes = 64 * 1024,
        MaxSyncBlocks = 16,
        MaxStoredBlocks = 512,
    };

    /// <summary>Throws when a value is out of range; call once at start.</summary>
    public void Validate()
    {
        if (BaseTimeoutMs <= 0 || MaxTimeoutMs < BaseTimeoutMs)
        {
            throw new ArgumentException($"timeouts must satisfy 0 < base ({BaseTimeoutMs}) <= max ({MaxTimeoutMs})");
        }

        if (MaxBlockTimeAheadMs < 0 || MaxBlockTimeBehindMs < 0 || HeartbeatMs <= 0)
        {
            throw new ArgumentException($"block time bounds must be >= 0 and the heartbeat > 0 (ahead {MaxBlockTimeAheadMs}, behind {MaxBlockTimeBehindMs}, heartbeat {HeartbeatMs})");
        }

        if (MaxRoundsAhead == 0 || MaxPayloadBytes <= 0 || MaxSyncBlocks <= 0 || MaxStoredBlocks <= 0)
        {
            throw new ArgumentException("the round window, payload, sync and store limits must be > 0");
        }
    }
}
