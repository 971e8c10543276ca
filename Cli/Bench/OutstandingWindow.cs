namespace Ledger.Cli.Bench;

/// <summary>
/// The bench's closed loop: at most <see cref="Limit"/> transfers offered and not yet committed,
/// and none offered once the load's time is up. A slot is taken before a transfer is offered and
/// given back when a commit notice counts it. Only the bench's own transfers commit on its
/// testnet, and each phase waits for all of its transfers, so counting commits is enough.
/// </summary>
public sealed class OutstandingWindow(int limit, Func<bool> timeIsUp) : IDisposable
{
    /// <summary>How often a waiting offer looks at the clock again.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _slots = new(limit, limit);
    private readonly Lock _gate = new();
    private long _taken;
    private long _released;

    public int Limit { get; } = limit;

    /// <summary>Transfers offered and not yet seen committed.</summary>
    public long Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _taken - _released;
            }
        }
    }

    /// <summary>Waits for a free slot and takes it; false once the time is up (no slot taken).</summary>
    public async ValueTask<bool> MayOfferAsync(CancellationToken ct)
    {
        while (!timeIsUp())
        {
            if (await _slots.WaitAsync(Recheck, ct).ConfigureAwait(false))
            {
                if (timeIsUp())
                {
                    _slots.Release();
                    return false;
                }

                lock (_gate)
                {
                    _taken++;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>A commit notice counted <paramref name="transactions"/>: as many slots free again (never more than were taken).</summary>
    public void Committed(long transactions)
    {
        int free;
        lock (_gate)
        {
            free = (int)Math.Min(Math.Max(transactions, 0), _taken - _released);
            _released += free;
        }

        if (free > 0)
        {
            _slots.Release(free);
        }
    }

    public void Dispose() => _slots.Dispose();
}
