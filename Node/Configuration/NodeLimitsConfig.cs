namespace Ledger.Node.Configuration;

/// <summary>
/// The `limits` section of node.json: a bound for everything a peer or a client can make this
/// node hold or do. Each has a default that suits a production validator, is checked at start
/// (<see cref="NodeConfigValidator"/>), and counts what it refuses in the metric
/// <c>ledger_limit_refusals_total{limit="&lt;name&gt;"}</c> (docs/ARCHITECTURE.md, "Bounded-resource limits").
/// </summary>
public sealed record NodeLimitsConfig
{
    /// <summary>Inputs waiting for the event loop; writers (peers' messages) wait when it is full.</summary>
    public int InboxCapacity { get; init; } = 10_000;

    /// <summary>Consensus messages queued for one peer; the oldest is dropped when full (gossip gets a sixteenth).</summary>
    public int PeerQueueCapacity { get; init; } = 4_096;

    /// <summary>Most blocks in one sync reply this node sends (the wire allows 256).</summary>
    public int SyncMaxBlocks { get; init; } = 64;

    /// <summary>
    /// Most bytes in one sync reply this node sends (always at least one block, which the payload
    /// cap keeps far below this); must stay under the 48 MiB every node accepts from a peer.
    /// </summary>
    public int SyncMaxReplyBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Sync replies one peer may have in preparation at once; more are refused with RESOURCE_EXHAUSTED.</summary>
    public int SyncRepliesPerPeer { get; init; } = 2;

    /// <summary>Sync requests one peer may make per second (a burst of as many is allowed); more are refused.</summary>
    public int SyncRequestsPerPeerPerSecond { get; init; } = 20;

    /// <summary>How long this node waits for a peer's sync reply before asking the next validator.</summary>
    public int SyncTimeoutMs { get; init; } = 5_000;

    /// <summary>Pending transactions in the mempool; a full pool answers RESOURCE_EXHAUSTED.</summary>
    public int MempoolCapacity { get; init; } = 50_000;

    /// <summary>Pending transactions of one sender (a transfer's payer, a revocation's organisation).</summary>
    public int MempoolPerSender { get; init; } = 5_000;

    /// <summary>Transactions in one SubmitTransfers call; a larger batch is refused with OUT_OF_RANGE.</summary>
    public int SubmitBatchTransfers { get; init; } = 1_000;

    /// <summary>
    /// Client signatures admission has handed to the verifier threads and not yet had checked; a
    /// client's submission that does not fit is refused with RESOURCE_EXHAUSTED, a peer's gossip
    /// batch is dropped (its origin still holds it). At least submitBatchTransfers and a gossip batch.
    /// </summary>
    public int VerifierQueueItems { get; init; } = 8_192;

    /// <summary>Dedicated signature verifier threads (run at a lower OS priority); null for one per core.</summary>
    public int? VerifierThreads { get; init; }

    /// <summary>Transfer proofs (GetTransfer, an already-committed submit) built at once; more are refused.</summary>
    public int TransferProofsInFlight { get; init; } = 4;

    /// <summary>Open StreamCommits calls; more are refused with RESOURCE_EXHAUSTED.</summary>
    public int CommitSubscribers { get; init; } = 64;

    /// <summary>Commits queued for one stream; a client that falls further behind is dropped with RESOURCE_EXHAUSTED.</summary>
    public int CommitSubscriberBuffer { get; init; } = 1_024;

    /// <summary>Committed blocks one StreamCommits call replays; the call then ends with OUT_OF_RANGE naming where to resume.</summary>
    public int CommitReplayBlocks { get; init; } = 10_000;

    /// <summary>Equivocation records kept (on disk and in memory); further evidence is counted, not kept.</summary>
    public int EquivocationRecords { get; init; } = 10_000;

    /// <summary>Equivocation records kept per offending validator, so one cannot crowd out the others.</summary>
    public int EquivocationsPerOffender { get; init; } = 100;

    /// <summary>Most records in one GetEquivocations page.</summary>
    public int EquivocationPageSize { get; init; } = 100;

    /// <summary>Most epoch-change proofs in one GetEpochProofs answer; a larger max_proofs is refused with OUT_OF_RANGE.</summary>
    public int EpochProofsPerCall { get; init; } = 16;

    /// <summary>
    /// Encoded proof bytes in one GetEpochProofs answer: it stops before the proof that would pass
    /// this (always at least one proof), well inside a gRPC client's default 4 MiB message.
    /// </summary>
    public int EpochProofReplyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>Most transfers in one GetAccountHistory page; a larger limit is refused with OUT_OF_RANGE.</summary>
    public int HistoryPageSize { get; init; } = 100;

    /// <summary>
    /// Committed blocks one GetAccountHistory call reads (newest first) looking for the account's
    /// transfers; the page then ends early with the height to continue below.
    /// </summary>
    public int HistoryScanBlocks { get; init; } = 1_000;

    /// <summary>
    /// Payload bytes one GetAccountHistory call decodes: it stops after the block that reaches
    /// this (always at least one block), so a call over full 4 MiB blocks stays bounded.
    /// </summary>
    public long HistoryScanBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Most bytes of a state snapshot this node sends in one GetSnapshotChunk reply, and asks for
    /// when it downloads one; a larger request is refused with OUT_OF_RANGE. Must stay under the
    /// 48 MiB every node accepts from a peer.
    /// </summary>
    public int SnapshotChunkBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest state snapshot this node downloads from a peer; a larger offer is refused before a byte is fetched.</summary>
    public long SnapshotMaxBytes { get; init; } = 8L * 1024 * 1024 * 1024;
}
