namespace Ledger.Node.Observability;

/// <summary>
/// The <c>limit</c> label of <c>ledger_limit_refusals_total</c>: each is the name of the node.json
/// <c>limits</c> entry that refused, so an operator reads the metric and knows what to raise.
/// </summary>
public static class LimitNames
{
    public const string PeerQueueCapacity = "peerQueueCapacity";
    public const string SyncRepliesPerPeer = "syncRepliesPerPeer";
    public const string SyncRequestsPerPeerPerSecond = "syncRequestsPerPeerPerSecond";
    public const string MempoolCapacity = "mempoolCapacity";
    public const string MempoolPerSender = "mempoolPerSender";
    public const string SubmitBatchTransfers = "submitBatchTransfers";
    public const string VerifierQueueItems = "verifierQueueItems";
    public const string TransferProofsInFlight = "transferProofsInFlight";
    public const string CommitSubscribers = "commitSubscribers";
    public const string CommitSubscriberBuffer = "commitSubscriberBuffer";
    public const string CommitReplayBlocks = "commitReplayBlocks";
    public const string EquivocationRecords = "equivocationRecords";
    public const string EquivocationsPerOffender = "equivocationsPerOffender";
    public const string HistoryPageSize = "historyPageSize";
    public const string EpochProofsPerCall = "epochProofsPerCall";
    public const string SnapshotChunkBytes = "snapshotChunkBytes";
    public const string SnapshotMaxBytes = "snapshotMaxBytes";
}
