using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>The peer-link half of <see cref="NodeMetrics"/>: inbound Link calls open and refused, per peer.</summary>
public sealed partial class NodeMetrics
{
    private Gauge? _peerLinksOpen;
    private Counter? _peerLinksRefused;

    /// <summary>`ledger_peer_links_open{peer}`: Link calls the peer holds open on this node (bounded, InboundLinks.MaxPerPeer).</summary>
    public void PeerLinksOpen(string peer, int open)
    {
        _peerLinksOpen ??= Metrics.WithCustomRegistry(Registry).CreateGauge(
            "ledger_peer_links_open", "Link calls (long-lived peer streams) a peer holds open on this node; at most InboundLinks.MaxPerPeer.", "peer");
        _peerLinksOpen.WithLabels(peer).Set(open);
    }

    /// <summary>`ledger_peer_links_refused_total{peer}`: Link calls refused because the peer already held the most allowed.</summary>
    public void PeerLinkRefused(string peer)
    {
        _peerLinksRefused ??= Metrics.WithCustomRegistry(Registry).CreateCounter(
            "ledger_peer_links_refused_total", "Link calls refused because the peer already held InboundLinks.MaxPerPeer open.", "peer");
        _peerLinksRefused.WithLabels(peer).Inc();
    }
}
