using System.Threading.RateLimiting;

namespace Ledger.Node.Network;

/// <summary>
/// Per-peer admission for an expensive request: at most <c>concurrent</c> in progress for one
/// peer, and at most <c>perPeriod</c> started per period (a token bucket that refills in full
/// each period). Never queues: a request over either bound is refused at once and the caller
/// answers RESOURCE_EXHAUSTED. Peers are the genesis validators, so the partitions are few.
/// </summary>
public sealed class PeerRequestLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _concurrency;
    private readonly PartitionedRateLimiter<string> _rate;

    public PeerRequestLimiter(int concurrent, int perPeriod, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPeriod, 1);
        _concurrency = PartitionedRateLimiter.Create<string, string>(peer => RateLimitPartition.GetConcurrencyLimiter(
            peer, _ => new ConcurrencyLimiterOptions { PermitLimit = concurrent, QueueLimit = 0 }));
        _rate = PartitionedRateLimiter.Create<string, string>(peer => RateLimitPartition.GetTokenBucketLimiter(
            peer, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perPeriod,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>
    /// A lease to dispose when the request is done, or null with <paramref name="refusedBy"/> the
    /// bound that refused it (<see cref="PeerLimit.Concurrency"/> or <see cref="PeerLimit.Rate"/>).
    /// </summary>
    public IDisposable? TryAcquire(string peer, out PeerLimit refusedBy)
    {
        var slot = _concurrency.AttemptAcquire(peer);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            refusedBy = PeerLimit.Concurrency;
            return null;
        }

        using var token = _rate.AttemptAcquire(peer);
        if (!token.IsAcquired)
        {
            slot.Dispose();
            refusedBy = PeerLimit.Rate;
            return null;
        }

        refusedBy = PeerLimit.None;
        return slot;
    }

    public void Dispose()
    {
        _concurrency.Dispose();
        _rate.Dispose();
    }
}
