using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>The certificate half of <see cref="NodeMetrics"/>: days left on the node's own certificates.</summary>
public sealed partial class NodeMetrics
{
    private Func<IEnumerable<(string Kind, double DaysLeft)>>? _certificates;
    private Gauge? _certificateExpiry;

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
}
