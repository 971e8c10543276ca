using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Crypto;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A watch whose nodes fail keeps following: the next node at once, and once every node failed in
/// a row, after a wait that doubles from the initial one up to the maximum; it gives up only when
/// no block was verified for the give-up time, and every retry is announced. Time is stepped by
/// the waits themselves (virtual time), never slept.
/// </summary>
public sealed class ReconnectingWatchTests : IDisposable
{
    private static readonly WatchBackoff Backoff = new() { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(4), GiveUpAfter = TimeSpan.FromSeconds(20) };

    private readonly CertifiedLedger _ledger = new();
    private readonly SteppedTime _time = new();

    public ReconnectingWatchTests()
    {
        long ts = _ledger.Chain.GenesisTimeMs + 1_000;
        _ledger.Commit(_ledger.Chain.Transfer(0, 1, 10, ts));
        _ledger.Commit(_ledger.Chain.Transfer(1, 0, 5, ts + 1_000));
    }

    public void Dispose() => _ledger.Dispose();

    private PublicKey Member0 => _ledger.Chain.Members[0].PublicKey;

    private async Task<(List<string> Nodes, List<WatchRetry> Retries, List<TimeSpan> Waits)> WatchAsync(int wanted, params FakeLedgerInvoker[] invokers)
    {
        var names = invokers.Select((_, i) => $"node{i}").ToList();
        using var nodes = new LedgerNodes(_ledger.Genesis, names, name => (new LedgerClient.LedgerClientClient(invokers[names.IndexOf(name)]), null));
        var waits = new List<TimeSpan>();
        var watch = new ReconnectingWatch(nodes, Member0, new WatchPosition(1), Backoff, _time, TimeSpan.FromSeconds(10))
        {
            Delay = (delay, _) =>
            {
                waits.Add(delay);
                _time.Advance(delay);
                return Task.CompletedTask;
            },
        };
        var retries = new List<WatchRetry>();
        var proved = new List<string>();
        await foreach (var (_, node) in watch.FollowAsync(retries.Add, CancellationToken.None))
        {
            proved.Add(node);
            if (proved.Count == wanted)
            {
                break;
            }
        }

        return (proved, retries, waits);
    }

    [Fact]
    public void DelayBefore_Rounds_DoublesFromInitialAndStopsAtMax()
    {
        Assert.Equal(
            [1, 2, 4, 4, 4],
            Enumerable.Range(1, 5).Select(r => Backoff.DelayBefore(r).TotalSeconds));
    }

    [Fact]
    public async Task FollowAsync_SingleNodeDownThreeTimes_RetriesWithBackoffThenFollowsIt()
    {
        var (proved, retries, waits) = await WatchAsync(2, new FakeLedgerInvoker(_ledger, [2]) { FailStreams = 3 });

        Assert.Equal(["node0", "node0"], proved);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], waits);
        Assert.Equal([1, 2, 3], retries.Select(r => r.Attempt));
        Assert.All(retries, r => Assert.Equal(NodeFailureKind.Unreachable, r.Failure.Kind));
    }

    [Fact]
    public async Task FollowAsync_FirstOfTwoNodesDown_RotatesToTheOtherAtOnce()
    {
        var (proved, retries, waits) = await WatchAsync(2, new FakeLedgerInvoker(_ledger, [2]) { FailStreams = 100 }, new FakeLedgerInvoker(_ledger, [2]));

        Assert.Equal(["node1", "node1"], proved);
        Assert.Empty(waits);
        var retry = Assert.Single(retries);
        Assert.Equal(("node0", "node1", TimeSpan.Zero), (retry.Failure.Node, retry.NextNode, retry.Delay));
    }

    [Fact]
    public async Task FollowAsync_NodeNeverComesBack_GivesUpAfterTheGiveUpTimeWithCappedWaits()
    {
        var invoker = new FakeLedgerInvoker(_ledger, [2]) { FailStreams = int.MaxValue };

        var e = await Assert.ThrowsAsync<NoNodeAnsweredException>(() => WatchAsync(1, invoker));

        // Failures at 0, 1, 3, 7, 11, 15 and 19 s are inside the 20 s give-up time and each is
        // followed by a wait (1, 2, 4, then 4 s at most); the one at 23 s gives up.
        Assert.Equal(8, invoker.StreamCalls);
        Assert.Equal(8, e.Failures.Count);
        Assert.True(_time.Elapsed >= Backoff.GiveUpAfter, $"gave up after {_time.Elapsed}");
    }

    /// <summary>A clock that moves only when a wait steps it.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        public TimeSpan Elapsed { get; private set; }

        public void Advance(TimeSpan by) => Elapsed += by;

        public override DateTimeOffset GetUtcNow() => Start + Elapsed;

        public override long GetTimestamp() => Elapsed.Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
