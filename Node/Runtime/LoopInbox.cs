using System.Threading.Channels;

namespace Ledger.Node.Runtime;

/// <summary>
/// The event loop's inbox, read by one dedicated thread that blocks while it is empty. Writers get
/// a bounded channel's backpressure (<see cref="WriteAsync"/> waits while it is full; nothing is
/// dropped) and then set a wake signal; the reader takes items with <see cref="Take"/>, in the order
/// they were written, one at a time. The wake is a futex wake of the waiting thread, not a
/// thread-pool work item: an <c>await foreach</c> over the channel ran each item's continuation on
/// a pool worker, queued behind whatever else the pool held (admission's signature batches at high
/// load) and paid a pool hand-off, with its spinning, on every input (issue 13).
/// </summary>
internal sealed class LoopInbox<T>
{
    private readonly Channel<T> _channel;

    // No spinning before the wait: at block size 1 the loop waits between almost every pair of
    // inputs, and a spinning waiter takes CPU the validators' other threads need on a small machine.
    private readonly ManualResetEventSlim _arrived = new(initialState: false, spinCount: 0);

    public LoopInbox(int capacity)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    private int _waits;

    /// <summary>Items written and not yet taken.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>How many times <see cref="Take"/> found the inbox empty and blocked (tests write while it waits).</summary>
    public int Waits => Volatile.Read(ref _waits);

    /// <summary>Adds <paramref name="item"/>; waits (never drops) while the inbox is full; fails once it is completed.</summary>
    public ValueTask WriteAsync(T item, CancellationToken ct = default)
    {
        var write = _channel.Writer.WriteAsync(item, ct);
        if (write.IsCompletedSuccessfully)
        {
            // The common case: room in the channel, written synchronously; wake the reader now.
            _arrived.Set();
            return default;
        }

        return WrittenAsync(write);
    }

    /// <summary>
    /// The next item, in the order written; blocks the calling thread while the inbox is empty.
    /// Throws <see cref="OperationCanceledException"/> once <paramref name="ct"/> is cancelled,
    /// even with items left.
    /// </summary>
    public T Take(CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_channel.Reader.TryRead(out var item))
            {
                return item;
            }

            // Reset before the second look: a writer that adds its item after that look sets the
            // signal after this reset, so the wait below returns; one before it is seen by the look.
            _arrived.Reset();
            if (_channel.Reader.TryRead(out item))
            {
                return item;
            }

            Interlocked.Increment(ref _waits);
            _arrived.Wait(ct);
        }
    }

    /// <summary>No more items: writers fail fast (<see cref="ChannelClosedException"/>) instead of waiting forever.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private async ValueTask WrittenAsync(ValueTask write)
    {
        await write.ConfigureAwait(false);
        _arrived.Set();
    }
}
