using System.Threading.Channels;

namespace Ledger.Node.Runtime;

/// <summary>
/// Fans committed blocks out to stream subscribers. Each subscriber has its own small bounded
/// queue that drops its oldest entries when the client reads too slowly: a slow client must
/// never slow the event loop, and it can re-read any block by height.
/// </summary>
public sealed class CommitFeed
{
    private readonly Lock _gate = new();
    private readonly List<Channel<CommitNotification>> _subscribers = [];

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

    public ChannelReader<CommitNotification> Subscribe(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<CommitNotification>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        unsubscribe = () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        };
        return channel.Reader;
    }

    public void Publish(CommitNotification notification)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(notification);
            }
        }
    }
}
