using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Node.Configuration;
using Ledger.Node.Network;
using Ledger.Node.Observability;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// Answers peers' sync requests without holding up the event loop: the loop only hands over the
/// uncommitted part of the path (a short in-memory walk, skipped when the target is committed),
/// and the committed blocks, which are the bulk of a catch-up, are read and decoded on the
/// caller's thread. Each reply is bounded in blocks and bytes (<c>limits.syncMaxBlocks</c>,
/// <c>limits.syncMaxReplyBytes</c>), and each peer in replies at once and requests per second;
/// a request over a per-peer bound is refused and counted.
/// </summary>
public sealed class SyncServer : IDisposable
{
    private readonly ReplicaLoop _loop;
    private readonly NodeLimitsConfig _limits;
    private readonly SyncPeerAdmission _perPeer;
    private readonly SyncPeerAdmission _signedRoundsPerPeer;

    /// <param name="ratePeriod">The period <c>limits.syncRequestsPerPeerPerSecond</c> counts over (one second).</param>
    public SyncServer(ReplicaLoop loop, NodeLimitsConfig limits, NodeMetrics metrics, TimeSpan? ratePeriod = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _loop = loop;
        _limits = limits;
        _perPeer = new SyncPeerAdmission(limits, metrics, peer => $"sync replies to {peer} are already in preparation", "sync requests", ratePeriod);
        _signedRoundsPerPeer = new SyncPeerAdmission(
            limits, metrics, peer => $"signed-round answers to {peer} are already in preparation", "signed-round requests", ratePeriod);
    }

    /// <summary>
    /// Admits one signed-round request (a peer recovering its lost safety record) from
    /// <paramref name="peer"/>, within the same per-peer bounds as sync requests but counted apart,
    /// so a peer's questions do not eat its sync budget: a lease, or null and the sentence for RESOURCE_EXHAUSTED.
    /// </summary>
    public IDisposable? TryAdmitSignedRound(string peer, out string refusal) => _signedRoundsPerPeer.TryAdmit(peer, out refusal, out _);

    /// <summary>This node's signed highest round over <paramref name="challenge"/>, from the loop (null: not in its epoch's set).</summary>
    public Task<SignedRound?> AnswerSignedRoundAsync(Crypto.Hash32 challenge, CancellationToken ct) => _loop.AnswerSignedRoundAsync(challenge, ct);

    /// <summary>
    /// Admits one request from <paramref name="peer"/>: a lease to dispose when the reply is sent,
    /// or null and the sentence for RESOURCE_EXHAUSTED.
    /// </summary>
    public IDisposable? TryAdmit(string peer, out string refusal) => _perPeer.TryAdmit(peer, out refusal, out _);

    /// <summary>
    /// The reply to <paramref name="request"/>. Throws <see cref="System.Threading.Channels.ChannelClosedException"/>
    /// only when the target is uncommitted and the loop has stopped; committed blocks are served regardless.
    /// </summary>
    public async Task<SyncResponse> RespondAsync(SyncRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);

        ThrowIfBelowBase(request, _loop.Committed.BaseHeight);
        var path = _loop.Committed.Contains(request.TargetBlockId)
            ? UncommittedPath.None
            : await _loop.FindUncommittedPathAsync(request, ct).ConfigureAwait(false);
        var source = new SyncReplySource(path, _loop.Committed, request.TargetBlockId);
        return SyncResponder.Respond(request, source, _limits.SyncMaxBlocks, _limits.SyncMaxReplyBytes);
    }

    /// <summary>
    /// A store installed from a snapshot at <paramref name="baseHeight"/> can send its base block
    /// (from the base's certificate) and the blocks above, not the ones below: a request that needs
    /// one is refused with <see cref="BlockNotStoredException"/> (FAILED_PRECONDITION on the wire),
    /// so the requester asks another validator.
    /// </summary>
    public static void ThrowIfBelowBase(SyncRequest request, ulong baseHeight)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.AboveHeight + 1 < baseHeight)
        {
            throw new BlockNotStoredException(request.AboveHeight + 1, baseHeight + 1);
        }
    }

    public void Dispose()
    {
        _perPeer.Dispose();
        _signedRoundsPerPeer.Dispose();
    }
}
