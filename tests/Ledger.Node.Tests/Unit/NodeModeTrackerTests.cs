using Ledger.Node.Modes;

namespace Ledger.Node.Tests.Unit;

public sealed class NodeModeTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_NoCommitForDegradedAfter_BecomesDegradedWithReason()
    {
        var tracker = new NodeModeTracker(TimeSpan.FromSeconds(10), Start);

        tracker.Evaluate(Start.AddSeconds(9));
        Assert.Equal(NodeMode.Target, tracker.Current.Mode);

        tracker.Evaluate(Start.AddSeconds(10));
        Assert.Equal(NodeMode.Degraded, tracker.Current.Mode);
        Assert.Contains("no commit for 10000 ms", tracker.Current.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(12), tracker.Current.Staleness(Start.AddSeconds(12)));
    }

    [Fact]
    public void OnCommit_AfterDegraded_ReturnsToTarget()
    {
        var tracker = new NodeModeTracker(TimeSpan.FromSeconds(10), Start);
        tracker.Evaluate(Start.AddSeconds(11));

        tracker.OnCommit(Start.AddSeconds(12));

        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
        Assert.Equal(Start.AddSeconds(12), tracker.Current.LastCommit);
    }

    [Fact]
    public void EnterRecovery_ThenCommit_LeavesRecovery()
    {
        var tracker = new NodeModeTracker(TimeSpan.FromSeconds(10), Start);
        var changes = new List<(NodeMode From, NodeMode To)>();
        tracker.Changed += (before, after) => changes.Add((before.Mode, after.Mode));

        tracker.EnterRecovery(Start.AddSeconds(1), "fetching blocks above height 3");
        Assert.Equal(NodeMode.Recovery, tracker.Current.Mode);
        tracker.OnCommit(Start.AddSeconds(2));

        Assert.Equal([(NodeMode.Target, NodeMode.Recovery), (NodeMode.Recovery, NodeMode.Target)], changes);
    }

    [Fact]
    public void Halt_IsFinal_CommitsAndRecoveryDoNotLeaveIt()
    {
        var tracker = new NodeModeTracker(TimeSpan.FromSeconds(10), Start);

        tracker.Halt(Start.AddSeconds(1), "conservation violated at height 7");
        tracker.OnCommit(Start.AddSeconds(2));
        tracker.EnterRecovery(Start.AddSeconds(3), "catching up");
        tracker.LeaveRecovery(Start.AddSeconds(4));
        tracker.Evaluate(Start.AddSeconds(60));

        Assert.Equal(NodeMode.Halted, tracker.Current.Mode);
        Assert.Equal("conservation violated at height 7", tracker.Current.Reason);
    }
}
