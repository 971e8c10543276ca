using Ledger.Node.Configuration;
using Ledger.Node.Observability;

namespace Ledger.Node.Network;

/// <summary>
/// Admission of a peer's sync-family request (block sync, snapshot offers and chunks) under
/// <c>limits.syncRepliesPerPeer</c> in progress and <c>limits.syncRequestsPerPeerPerSecond</c>
/// started: a lease, or the sentence for RESOURCE_EXHAUSTED naming the limit, counted in
/// <c>ledger_limit_refusals_total</c>. Each server keeps its own, so block sync and snapshot
/// transfer do not take each other's budget.
/// </summary>
public sealed class SyncPeerAdmission : IDisposable
{
    private readonly PeerRequestLimiter _perPeer;
    private readonly NodeLimitsConfig _limits;
    private readonly NodeMetrics _metrics;
    private readonly Func<string, string> _inProgress;
    private readonly string _requests;

    /// <param name="inProgress">What is in progress for a peer, after the count: "sync replies to {peer} are already in preparation".</param>
    /// <param name="requests">The requests counted per second, in words: "sync requests".</param>
    /// <param name="ratePeriod">The period the per-second limit counts over (one second).</param>
    public SyncPeerAdmission(NodeLimitsConfig limits, NodeMetrics metrics, Func<string, string> inProgress, string requests, TimeSpan? ratePeriod = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _metrics = metrics;
        _inProgress = inProgress ?? throw new ArgumentNullException(nameof(inProgress));
        _requests = requests ?? throw new ArgumentNullException(nameof(requests));
        _perPeer = new PeerRequestLimiter(limits.SyncRepliesPerPeer, limits.SyncRequestsPerPeerPerSecond, ratePeriod ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// A lease to dispose when the request is answered, or null with the sentence for
    /// RESOURCE_EXHAUSTED in <paramref name="refusal"/> and the limit's name in <paramref name="limit"/>.
    /// </summary>
    public IDisposable? TryAdmit(string peer, out string refusal, out string limit)
    {
        if (_perPeer.TryAcquire(peer, out var refusedBy) is { } lease)
        {
            refusal = string.Empty;
            limit = string.Empty;
            return lease;
        }

        var (name, sentence) = refusedBy == PeerLimit.Concurrency
            ? (LimitNames.SyncRepliesPerPeer, $"{_limits.SyncRepliesPerPeer} {_inProgress(peer)} (limits.syncRepliesPerPeer)")
            : (LimitNames.SyncRequestsPerPeerPerSecond, $"{peer} made more than {_limits.SyncRequestsPerPeerPerSecond} {_requests} in a second (limits.syncRequestsPerPeerPerSecond)");
        _metrics.LimitRefused(name);
        refusal = sentence + "; retry later";
        limit = name;
        return null;
    }

    public void Dispose() => _perPeer.Dispose();
}
