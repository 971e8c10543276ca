namespace Ledger.Node.Network;

/// <summary>
/// Bounds the <c>Link</c> calls a peer holds open on this node: a correct peer holds one per link,
/// and <see cref="MaxPerPeer"/> leaves room for a reconnect that arrives before this side has seen
/// the old call end. Peers are authenticated genesis validators, so the partitions are few; the
/// count per peer is reported through <c>report</c> (the <c>ledger_peer_links_open</c> gauge).
/// </summary>
public sealed class InboundLinks(Action<string, int> report)
{
    /// <summary>Open Link calls one peer may hold at once.</summary>
    public const int MaxPerPeer = 2;

    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A lease to dispose when the call ends, or null when the peer already holds <see cref="MaxPerPeer"/>.</summary>
    public IDisposable? TryOpen(string peer)
    {
        int open;
        lock (_open)
        {
            _open.TryGetValue(peer, out open);
            if (open >= MaxPerPeer)
            {
                return null;
            }

            _open[peer] = ++open;
        }

        report(peer, open);
        return new Lease(this, peer);
    }

    public int OpenFor(string peer)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(peer);
        }
    }

    private void Close(string peer)
    {
        int open;
        lock (_open)
        {
            open = _open[peer] - 1;
            if (open == 0)
            {
                _open.Remove(peer);
            }
            else
            {
                _open[peer] = open;
            }
        }

        report(peer, open);
    }

    private sealed class Lease(InboundLinks owner, string peer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Close(peer);
            }
        }
    }
}
