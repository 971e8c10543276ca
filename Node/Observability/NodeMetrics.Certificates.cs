using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>
/// The certificate half of <see cref="NodeMetrics"/>: days left on the node's own certificates, and
/// how many peers its current TLS certificate has been presented to.
/// </summary>
public sealed partial class NodeMetrics
{
    private Func<IEnumerable<(string Kind, double DaysLeft)>>? _certificates;
    private Gauge? _certificateExpiry;
    private Func<int>? _peersOnCurrentTls;
    private Gauge? _peersOnCurrentTlsGauge;

    /// <summary>
    /// `ledger_certificate_expiry_days{kind="tls|signing|ca"}`, read from <paramref name="daysLeft"/>
    /// at each scrape (so it is exact, and follows a replaced TLS certificate); negative once expired.
    /// </summary>
    public void ObserveCertificatesWith(Func<IEnumerable<(string Kind, double DaysLeft)>> daysLeft)
    {
        ArgumentNullException.ThrowIfNull(daysLeft);
        if (_certificateExpiry is null)
        {
            _certificateExpiry = Metrics.WithCustomRegistry(Registry).CreateGauge(
                "ledger_certificate_expiry_days",
                "Days until the node's own certificate expires (negative once expired): tls = its TLS certificate as loaded now, signing = its signing certificate in genesis, ca = its organisation's CA.",
                "kind");
            Registry.AddBeforeCollectCallback(() =>
            {
                foreach (var (kind, days) in _certificates?.Invoke() ?? [])
                {
                    _certificateExpiry.WithLabels(kind).Set(days);
                }
            });
        }

        _certificates = daysLeft;
    }

    /// <summary>
    /// `ledger_peers_on_current_tls_certificate`, read from <paramref name="peers"/> at each
    /// scrape: the peers whose newest outbound connection presented the node's current TLS
    /// certificate. After the certificate is replaced on disk it climbs back to the number of
    /// peers as connections are renewed (within 30 s).
    /// </summary>
    public void CountPeersOnCurrentTlsWith(Func<int> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        if (_peersOnCurrentTlsGauge is null)
        {
            _peersOnCurrentTlsGauge = Metrics.WithCustomRegistry(Registry).CreateGauge(
                "ledger_peers_on_current_tls_certificate",
                "Peers whose newest outbound connection presented this node's current TLS certificate (back to the peer count within 30 s of a replacement).");
            Registry.AddBeforeCollectCallback(() => _peersOnCurrentTlsGauge.Set(_peersOnCurrentTls?.Invoke() ?? 0));
        }

        _peersOnCurrentTls = peers;
    }
}
