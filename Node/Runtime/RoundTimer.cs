namespace Ledger.Node.Runtime;

/// <summary>
/// The core's one round timer on a real clock: each request replaces the previous one, and a
/// replaced timer that fires anyway is ignored. Firing posts an input to the loop's channel
/// (writers wait; the event is never dropped).
/// </summary>
public sealed class RoundTimer(TimeProvider time, Func<ulong, Task> fire) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _generation;

    public void Schedule(ulong round, TimeSpan after)
    {
        ITimer? old;
        lock (_gate)
        {
            old = _timer;
            var generation = ++_generation;
            _timer = time.CreateTimer(_ => Fire(round, generation), null, after < TimeSpan.Zero ? TimeSpan.Zero : after, Timeout.InfiniteTimeSpan);
        }

        old?.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _generation++;
        }
    }

    private void Fire(ulong round, long generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }
        }

        _ = fire(round);
    }
}
