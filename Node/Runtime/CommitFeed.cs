namespace Ledger.Node.Runtime;

/// <summary>
/// Fans committed blocks out to stream subscribers: at most <c>maxSubscribers</c> at once, each
/// with its own queue of <c>buffer</c> notifications. Publishing never waits (a slow client must
/// never slow the event loop): a live subscriber whose queue is full has fallen too far behind and
/// is dropped (<see cref="CommitSubscription.HasLagged"/>), so its stream ends with a status naming
/// the height to resume from rather than silently missing commits.
/// </summary>
public sealed class CommitFeed(int maxSubscribers, int buffer)
{
    private readonly Lock _gate = new();
    private readonly List<CommitSubscription> _subscribers = [];

    /// <summary>Notifications one subscriber may have queued.</summary>
    public int Buffer => buffer;

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>A subscriber dropped because its queue was full.</summary>
    public event Action? SubscriberLagged;

    /// <summary>A new subscription, or null when <c>maxSubscribers</c> are already open.</summary>
    public CommitSubscription? TrySubscribe()
    {
        lock (_gate)
        {
            if (_subscribers.Count >= maxSubscribers)
            {
                return null;
            }

            var subscription = new CommitSubscription(this, buffer);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    public void Publish(CommitNotification notification)
    {
        List<CommitSubscription>? lagged = null;
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                if (!subscriber.Offer(notification))
                {
                    (lagged ??= []).Add(subscriber);
                }
            }

            foreach (var subscriber in lagged ?? [])
            {
                _subscribers.Remove(subscriber);
            }
        }

        foreach (var _ in lagged ?? [])
        {
            SubscriberLagged?.Invoke();
        }
    }

    /// <summary>Forgets a subscription; after this returns, <see cref="Publish"/> never touches it again.</summary>
    internal void Remove(CommitSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }
}
