namespace Ledger.Node.Runtime;

/// <summary>
/// Real timers for the core's timer requests. A fired timer becomes an event written to the
/// loop's channel; a newer request with the same id replaces the pending one.
/// </summary>
public sealed class TimerScheduler(TimeProvider time, Func<ReplicaEvent, ValueTask> post) : IDisposable
{
    private readonly Dictionary<long, Pending> _timers = [];
    private readonly Lock _gate = new();

    public void Schedule(long timerId, TimeSpan after)
    {
        Pending? old;
        var pending = new Pending();
        lock (_gate)
        {
            _timers.TryGetValue(timerId, out old);
            _timers[timerId] = pending;
            pending.Timer = time.CreateTimer(_ => Fire(timerId, pending), null, after < TimeSpan.Zero ? TimeSpan.Zero : after, Timeout.InfiniteTimeSpan);
        }

        old?.Timer?.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var pending in _timers.Values)
            {
                pending.Timer?.Dispose();
            }

            _timers.Clear();
        }
    }

    private void Fire(long timerId, Pending fired)
    {
        lock (_gate)
        {
            // A replaced timer that fires anyway is stale: only the current request counts.
            if (!_timers.TryGetValue(timerId, out var current) || !ReferenceEquals(current, fired))
            {
                return;
            }

            _timers.Remove(timerId);
        }

        fired.Timer?.Dispose();

        // The loop's channel is bounded and writers wait: a timer never drops its event.
        _ = post(new ReplicaEvent.TimerFired(timerId, time.GetUtcNow())).AsTask();
    }

    private sealed class Pending
    {
        public ITimer? Timer { get; set; }
    }
}
