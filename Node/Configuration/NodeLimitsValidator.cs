using Ledger.Consensus.Codec;
using Ledger.Node.Hosting;

namespace Ledger.Node.Configuration;

/// <summary>
/// Checks node.json's <c>limits</c> section: every bound positive, and the sync reply bounds
/// consistent with the peer channel, whose message limit is the same on every node.
/// </summary>
public static class NodeLimitsValidator
{
    /// <summary>The protobuf envelope around a sync reply: a field tag and a length of at most 5 bytes.</summary>
    private const int SyncEnvelopeBytes = 6;

    /// <summary>The most a sync reply may be configured to: what every peer receives, minus the envelope.</summary>
    public static int MaxSyncReplyBytes => NodeHost.MaxPeerMessageBytes - SyncEnvelopeBytes;

    /// <summary>The least: one block of the largest payload the core accepts, with its framing and tip QC.</summary>
    public static long MinSyncReplyBytes => ConsensusCodec.MaxBlockLength(NodeHost.ConsensusMaxPayloadBytes) + ConsensusCodec.SyncResponseOverhead;

    /// <summary>The most verifier threads a node may be configured with.</summary>
    public const int MaxVerifierThreads = 256;

    public static void Check(List<string> errors, NodeLimitsConfig? limits, ConsensusTimingConfig? timing)
    {
        if (limits is null)
        {
            errors.Add("limits is empty (remove it to take the defaults)");
            return;
        }

        Positive(errors, "inboxCapacity", limits.InboxCapacity);
        Positive(errors, "peerQueueCapacity", limits.PeerQueueCapacity);
        Positive(errors, "syncRepliesPerPeer", limits.SyncRepliesPerPeer);
        Positive(errors, "syncRequestsPerPeerPerSecond", limits.SyncRequestsPerPeerPerSecond);
        Positive(errors, "syncTimeoutMs", limits.SyncTimeoutMs);
        Positive(errors, "mempoolCapacity", limits.MempoolCapacity);
        Positive(errors, "submitBatchTransfers", limits.SubmitBatchTransfers);
        Positive(errors, "transferProofsInFlight", limits.TransferProofsInFlight);
        Positive(errors, "commitSubscribers", limits.CommitSubscribers);
        Positive(errors, "commitSubscriberBuffer", limits.CommitSubscriberBuffer);
        Positive(errors, "commitReplayBlocks", limits.CommitReplayBlocks);
        Positive(errors, "equivocationRecords", limits.EquivocationRecords);
        Positive(errors, "equivocationPageSize", limits.EquivocationPageSize);
        Positive(errors, "historyPageSize", limits.HistoryPageSize);
        Positive(errors, "epochProofsPerCall", limits.EpochProofsPerCall);
        Positive(errors, "epochProofReplyBytes", limits.EpochProofReplyBytes);
        Positive(errors, "historyScanBlocks", limits.HistoryScanBlocks);
        if (limits.HistoryScanBytes < 1)
        {
            errors.Add($"limits.historyScanBytes must be positive, got {limits.HistoryScanBytes}");
        }
        if (limits.SnapshotChunkBytes < 1 || limits.SnapshotChunkBytes > MaxSyncReplyBytes)
        {
            errors.Add($"limits.snapshotChunkBytes must be in 1..{MaxSyncReplyBytes} (what every peer receives), got {limits.SnapshotChunkBytes}");
        }

        if (limits.SnapshotMaxBytes < 1)
        {
            errors.Add($"limits.snapshotMaxBytes must be positive, got {limits.SnapshotMaxBytes}");
        }

        if (limits.SyncMaxBlocks < 1 || limits.SyncMaxBlocks > ConsensusCodec.MaxSyncBlocks)
        {
            errors.Add($"limits.syncMaxBlocks must be in 1..{ConsensusCodec.MaxSyncBlocks} (the wire's limit), got {limits.SyncMaxBlocks}");
        }

        if (limits.SyncMaxReplyBytes < MinSyncReplyBytes || limits.SyncMaxReplyBytes > MaxSyncReplyBytes)
        {
            errors.Add($"limits.syncMaxReplyBytes must be in {MinSyncReplyBytes}..{MaxSyncReplyBytes} (one largest block .. what every peer receives), got {limits.SyncMaxReplyBytes}");
        }

        if (limits.MempoolPerSender < 1 || limits.MempoolPerSender > limits.MempoolCapacity)
        {
            errors.Add($"limits.mempoolPerSender must be in 1..mempoolCapacity ({limits.MempoolCapacity}), got {limits.MempoolPerSender}");
        }

        // Every batch an honest caller sends must fit in the queue, or it would be refused or wait forever.
        var largestBatch = Math.Max(limits.SubmitBatchTransfers, Network.PeerNetwork.GossipBatchSize);
        if (limits.VerifierQueueItems < largestBatch)
        {
            errors.Add($"limits.verifierQueueItems must be at least {largestBatch} (submitBatchTransfers and a gossip batch of {Network.PeerNetwork.GossipBatchSize}), got {limits.VerifierQueueItems}");
        }

        if (limits.VerifierThreads is < 1 or > MaxVerifierThreads)
        {
            errors.Add($"limits.verifierThreads must be in 1..{MaxVerifierThreads}, or absent for one per core, got {limits.VerifierThreads}");
        }

        if (limits.EquivocationsPerOffender < 1 || limits.EquivocationsPerOffender > limits.EquivocationRecords)
        {
            errors.Add($"limits.equivocationsPerOffender must be in 1..equivocationRecords ({limits.EquivocationRecords}), got {limits.EquivocationsPerOffender}");
        }

        if (timing?.MempoolCapacity is { } legacy && legacy != limits.MempoolCapacity)
        {
            errors.Add($"timing.mempoolCapacity ({legacy}) moved to limits.mempoolCapacity ({limits.MempoolCapacity}): set it there and remove it from timing");
        }
    }

    private static void Positive(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"limits.{name} must be positive, got {value}");
        }
    }
}
