using Ledger.Node.Network;

namespace Ledger.Node.Tests.Unit;

/// <summary>When admitted transactions go to the peers, on a virtual clock.</summary>
public sealed class GossipBatcherTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    [Fact]
    public void Add_FirstTransactionAfterAQuietSpell_SentAtOnce()
    {
        var batcher = new GossipBatcher(batchSize: 256, Interval);

        var first = batcher.Add(Items(1), Start);
        var afterQuiet = batcher.Add(Items(1), Start + Interval);

        Assert.Single(first!);
        Assert.Single(afterQuiet!);
        Assert.Equal(0, batcher.Pending);
    }

    [Fact]
    public void Add_WithinAnIntervalOfTheLastSend_WaitsForTheFlush()
    {
        var batcher = new GossipBatcher(batchSize: 256, Interval);
        batcher.Add(Items(1), Start);

        var second = batcher.Add(Items(1), Start + TimeSpan.FromMilliseconds(1));
        var third = batcher.Add(Items(2), Start + TimeSpan.FromMilliseconds(2));
        var flushed = batcher.Flush(Start + TimeSpan.FromMilliseconds(3));

        Assert.Null(second);
        Assert.Null(third);
        Assert.Equal(3, flushed!.Count);
        Assert.Null(batcher.Flush(Start + TimeSpan.FromMilliseconds(8)));
    }

    [Fact]
    public void Add_BatchSizeReachedWithinAnInterval_SentAtOnce()
    {
        var batcher = new GossipBatcher(batchSize: 4, Interval);
        batcher.Add(Items(1), Start);

        var waiting = batcher.Add(Items(3), Start + TimeSpan.FromMilliseconds(1));
        var full = batcher.Add(Items(1), Start + TimeSpan.FromMilliseconds(1));

        Assert.Null(waiting);
        Assert.Equal(4, full!.Count);
    }

    private static List<ReadOnlyMemory<byte>> Items(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ReadOnlyMemory<byte>([(byte)i]))];
}
