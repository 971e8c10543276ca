using Ledger.Node.Mempool;
using Prometheus;

namespace Ledger.Node.Observability;

/// <summary>
/// The signature verifier threads' queue (<see cref="SignatureVerifierPool"/>): signatures waiting
/// (read at each scrape), batches started, and how long a batch waited for its first thread.
/// Refusals for a full queue are counted with the other limits
/// (<c>ledger_limit_refusals_total{limit="verifierQueueItems"}</c>).
/// </summary>
internal sealed class VerifierMetrics
{
    private readonly Gauge _queued;
    private readonly Counter _batches;
    private readonly Histogram _wait;
    private Func<int>? _queuedNow;

    public VerifierMetrics(CollectorRegistry registry, IMetricFactory factory)
    {
        _queued = factory.CreateGauge(
            "ledger_signature_verifier_queued", "Client signatures handed to the verifier threads and not yet checked (bounded by limits.verifierQueueItems).");
        _batches = factory.CreateCounter("ledger_signature_verifier_batches_total", "Signature batches the verifier threads started.");
        _wait = factory.CreateHistogram(
            "ledger_signature_verifier_wait_seconds",
            "Time a signature batch waited in the verifiers' queue before a thread took its first chunk.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        registry.AddBeforeCollectCallback(() =>
        {
            if (_queuedNow is { } queued)
            {
                _queued.Set(queued());
            }
        });
    }

    public void Observe(SignatureVerifierPool pool)
    {
        _queuedNow = () => pool.Queued;
        pool.BatchStarted += waited =>
        {
            _batches.Inc();
            _wait.Observe(waited.TotalSeconds);
        };
    }
}
