using Ledger.Node.Runtime;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// The event loop's inbox on its own thread: an item written while the reader blocks wakes it,
/// a cancelled wait ends the reader, and the bound still makes writers wait, in order.
/// </summary>
public sealed class LoopInboxTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Take_ItemWrittenWhileTheReaderWaits_WakesItWithTheItem()
    {
        var inbox = new LoopInbox<int>(4);
        using var bound = new CancellationTokenSource(Bound);
        var reader = Reader(inbox, bound.Token);
        Assert.True(SpinWait.SpinUntil(() => inbox.Waits == 1, Bound), "the reader never blocked on the empty inbox");

        await inbox.WriteAsync(7);

        // Without the wake the reader would stay blocked until the bound cancels it.
        Assert.Equal(7, await reader.Task.WaitAsync(Bound));
        Assert.Equal(1, inbox.Waits);
    }

    [Fact]
    public async Task Take_CancelledWhileTheReaderWaits_EndsTheReader()
    {
        var inbox = new LoopInbox<int>(4);
        using var stop = new CancellationTokenSource();
        var reader = Reader(inbox, stop.Token);
        Assert.True(SpinWait.SpinUntil(() => inbox.Waits == 1, Bound), "the reader never blocked on the empty inbox");

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.Task.WaitAsync(Bound));
        Assert.True(reader.Thread.Join(Bound), "the reader's thread did not end");
    }

    [Fact]
    public async Task WriteAsync_InboxFull_WaitsUntilTheReaderTakesAndKeepsTheOrder()
    {
        var inbox = new LoopInbox<int>(2);
        await inbox.WriteAsync(1);
        await inbox.WriteAsync(2);

        var third = inbox.WriteAsync(3).AsTask();
        Assert.False(third.IsCompleted, "a write to a full inbox returned without waiting");
        Assert.Equal(2, inbox.Count);

        Assert.Equal(1, inbox.Take(CancellationToken.None));
        await third.WaitAsync(Bound);
        Assert.Equal(2, inbox.Take(CancellationToken.None));
        Assert.Equal(3, inbox.Take(CancellationToken.None));
        Assert.Equal(0, inbox.Waits);
    }

    [Fact]
    public async Task WriteAsync_AfterComplete_FailsInsteadOfWaiting()
    {
        var inbox = new LoopInbox<int>(1);
        await inbox.WriteAsync(1);
        inbox.Complete();

        await Assert.ThrowsAsync<System.Threading.Channels.ChannelClosedException>(() => inbox.WriteAsync(2).AsTask().WaitAsync(Bound));
    }

    /// <summary>Takes one item on a thread of its own, as the loop's thread does.</summary>
    private static (Task<int> Task, Thread Thread) Reader(LoopInbox<int> inbox, CancellationToken ct)
    {
        var taken = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                taken.TrySetResult(inbox.Take(ct));
            }
            catch (OperationCanceledException ex)
            {
                taken.TrySetCanceled(ex.CancellationToken);
            }
        })
        {
            IsBackground = true,
        };
        thread.Start();
        return (taken.Task, thread);
    }
}
