using System.Threading.Channels;

namespace Ledger.Node.Runtime;

/// <summary>
/// One commit-stream subscriber's queue. Until <see cref="GoLive"/> (while the stream replays
/// stored blocks, which cover whatever it misses) a full queue forgets its oldest notification;
/// after it, a full queue means the client fell <c>buffer</c> commits behind: the subscription is
/// dropped and <see cref="Lagged"/> fires, which also cancels a write stuck on a client that
/// stopped reading.
/// </summary>
public sealed class CommitSubscription : IDisposable
{
    private readonly CommitFeed _feed;
    private readonly Channel<CommitNotification> _queue;
    private readonly CancellationTokenSource _lagged = new();
    private volatile bool _live;

    internal CommitSubscription(CommitFeed feed, int buffer)
    {
        _feed = feed;

        // Not single-reader: before going live the publisher itself drops the oldest entry.
        _queue = Channel.CreateBounded<CommitNotification>(new BoundedChannelOptions(buffer) { FullMode = BoundedChannelFullMode.Wait });
    }

    public ChannelReader<CommitNotification> Reader => _queue.Reader;

    /// <summary>Cancelled when the subscription is dropped for falling behind.</summary>
    public CancellationToken Lagged => _lagged.Token;

    public bool HasLagged => _lagged.IsCancellationRequested;

    /// <summary>From now on a full queue drops the subscriber instead of its oldest notification.</summary>
    public void GoLive() => _live = true;

    public void Dispose()
    {
        _feed.Remove(this);
        _queue.Writer.TryComplete();
        _lagged.Dispose();
    }

    /// <summary>Under the feed's lock; false when the subscriber has fallen behind and must go.</summary>
    internal bool Offer(CommitNotification notification)
    {
        if (_queue.Writer.TryWrite(notification))
        {
            return true;
        }

        if (!_live)
        {
            _queue.Reader.TryRead(out _);
            _queue.Writer.TryWrite(notification);
            return true;
        }

        _queue.Writer.TryComplete();
        _lagged.Cancel();
        return false;
    }
}
