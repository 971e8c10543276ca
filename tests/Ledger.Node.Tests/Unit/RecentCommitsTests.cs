using Ledger.Crypto;
using Ledger.Node.Mempool;

namespace Ledger.Node.Tests.Unit;

public sealed class RecentCommitsTests
{
    private const long StartHeadMs = 1_000_000;
    private const long SkewMs = 2_000;
    private const long RetainMs = 60_000;

    private static Hash32 Id(int n) => Hash32.Sha256([(byte)n, 7]);

    [Fact]
    public void Lookup_RecordedTransaction_ReturnsItsFirstHeight()
    {
        var recent = new RecentCommits(StartHeadMs, RetainMs);
        recent.Record(5, StartHeadMs + 1_000, [Id(1), Id(2)]);
        recent.Record(6, StartHeadMs + 2_000, [Id(1)]);

        Assert.Equal(5UL, recent.Lookup(Id(1), StartHeadMs + 10_000, SkewMs, out var unknown));
        Assert.False(unknown);
    }

    [Fact]
    public void Lookup_UnrecordedTransferStampedAfterStartPlusSkew_CertainlyNotCommitted()
    {
        var recent = new RecentCommits(StartHeadMs, RetainMs);

        Assert.Null(recent.Lookup(Id(3), StartHeadMs + SkewMs + 1, SkewMs, out var unknown));
        Assert.False(unknown);
    }

    [Fact]
    public void Lookup_TransferThatCouldHaveCommittedBeforeStart_OnlyTheStoreCanTell()
    {
        var recent = new RecentCommits(StartHeadMs, RetainMs);

        Assert.Null(recent.Lookup(Id(3), StartHeadMs + SkewMs, SkewMs, out var unknown));
        Assert.True(unknown);
    }

    [Fact]
    public void Record_PrunesBlocksOlderThanRetention_AndTheirTimeRangeBecomesUnknown()
    {
        var recent = new RecentCommits(StartHeadMs, RetainMs);
        var oldBlockMs = StartHeadMs + 10_000;
        recent.Record(5, oldBlockMs, [Id(1)]);

        recent.Record(6, oldBlockMs + RetainMs + 1, [Id(2)]);

        Assert.Equal(1, recent.Count);
        Assert.Null(recent.Lookup(Id(1), oldBlockMs, SkewMs, out var unknown));
        Assert.True(unknown);
        Assert.Equal(6UL, recent.Lookup(Id(2), oldBlockMs + RetainMs, SkewMs, out _));
    }
}
