using Ledger.Node.Modes;

namespace Ledger.Node.Tests.Unit;

/// <summary>Mode transitions over virtual time: every event carries its own timestamp, nothing sleeps.</summary>
public sealed class NodeModeTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static NodeModeTracker Tracker(List<(NodeMode From, NodeMode To)>? changes = null)
    {
        var tracker = new NodeModeTracker(TimeSpan.FromSeconds(10), Start, committedHeight: 10)
        {
            BehindMargin = 3,
            SyncGrace = TimeSpan.FromSeconds(2),
        };
        if (changes is not null)
        {
            tracker.Changed += (before, after) =>
            {
                if (before.Mode != after.Mode)
                {
                    changes.Add((before.Mode, after.Mode));
                }
            };
        }

        return tracker;
    }

    [Fact]
    public void Evaluate_NoCommitForDegradedAfter_BecomesDegradedWithReason()
    {
        var tracker = Tracker();

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
        var tracker = Tracker();
        tracker.Evaluate(Start.AddSeconds(11));

        tracker.OnCommit(Start.AddSeconds(12), 11);

        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
        Assert.Equal(Start.AddSeconds(12), tracker.Current.LastCommit);
    }

    [Fact]
    public void OnSyncRequested_AnsweredWithinGrace_StaysTarget()
    {
        var changes = new List<(NodeMode From, NodeMode To)>();
        var tracker = Tracker(changes);

        tracker.OnSyncRequested(Start.AddMilliseconds(100), "fetching blocks above height 10");
        tracker.Evaluate(Start.AddMilliseconds(1900));
        tracker.OnSyncFinished(Start.AddMilliseconds(1950));
        tracker.OnCommit(Start.AddMilliseconds(2000), 12);
        tracker.Evaluate(Start.AddSeconds(5));

        Assert.Empty(changes);
        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
    }

    [Fact]
    public void OnSyncRequested_PendingPastGrace_EntersRecoveryThenLeavesWhenAnsweredAndCaughtUp()
    {
        var changes = new List<(NodeMode From, NodeMode To)>();
        var tracker = Tracker(changes);

        tracker.OnSyncRequested(Start.AddSeconds(1), "fetching blocks above height 10 from org2-v1");
        tracker.Evaluate(Start.AddSeconds(3));
        Assert.Equal(NodeMode.Recovery, tracker.Current.Mode);
        Assert.Contains("fetching blocks above height 10 from org2-v1", tracker.Current.Reason, StringComparison.Ordinal);
        Assert.Equal(Start.AddSeconds(3), tracker.Current.Since);

        tracker.OnSyncFinished(Start.AddSeconds(4));
        tracker.OnCommit(Start.AddSeconds(4), 12);

        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
        Assert.Equal("caught up", tracker.Current.Reason);
        Assert.Equal([(NodeMode.Target, NodeMode.Recovery), (NodeMode.Recovery, NodeMode.Target)], changes);
    }

    [Fact]
    public void ObserveNetworkHeight_WithinMargin_StaysTarget()
    {
        var tracker = Tracker();

        tracker.ObserveNetworkHeight(Start.AddSeconds(1), 13);

        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
    }

    [Fact]
    public void ObserveNetworkHeight_BeyondMargin_RecoveryUntilCommitsCloseTheGap()
    {
        var changes = new List<(NodeMode From, NodeMode To)>();
        var tracker = Tracker(changes);

        tracker.ObserveNetworkHeight(Start.AddSeconds(1), 50);
        Assert.Equal(NodeMode.Recovery, tracker.Current.Mode);
        Assert.Equal("behind: committed height 10, the network has certified 50", tracker.Current.Reason);

        // Catching up in batches: still recovery while more than the margin behind.
        tracker.OnCommit(Start.AddSeconds(2), 30);
        Assert.Equal(NodeMode.Recovery, tracker.Current.Mode);
        tracker.OnCommit(Start.AddSeconds(3), 46);
        Assert.Equal(NodeMode.Recovery, tracker.Current.Mode);

        tracker.OnCommit(Start.AddSeconds(4), 47);
        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
        Assert.Equal([(NodeMode.Target, NodeMode.Recovery), (NodeMode.Recovery, NodeMode.Target)], changes);
    }

    [Fact]
    public void Recovery_TakesPrecedenceOverDegraded_ThenDegradedWhenTheFetchEndsWithoutProgress()
    {
        var tracker = Tracker();

        tracker.OnSyncRequested(Start.AddSeconds(1), "fetching");
        tracker.Evaluate(Start.AddSeconds(11));
        Assert.Equal(NodeMode.Recovery, tracker.Current.Mode);

        tracker.OnSyncFinished(Start.AddSeconds(12));
        Assert.Equal(NodeMode.Degraded, tracker.Current.Mode);
    }

    [Fact]
    public void Halt_IsFinal_CommitsAndRecoveryDoNotLeaveIt()
    {
        var tracker = Tracker();

        tracker.Halt(Start.AddSeconds(1), "conservation violated at height 7");
        tracker.OnCommit(Start.AddSeconds(2), 11);
        tracker.ObserveNetworkHeight(Start.AddSeconds(3), 90);
        tracker.OnSyncRequested(Start.AddSeconds(3), "catching up");
        tracker.OnSyncFinished(Start.AddSeconds(4));
        tracker.Evaluate(Start.AddSeconds(60));

        Assert.Equal(NodeMode.Halted, tracker.Current.Mode);
        Assert.Equal("conservation violated at height 7", tracker.Current.Reason);
    }

    [Fact]
    public void StopSigning_ThroughLaterModeChanges_EveryReasonSaysWhyOnce()
    {
        var tracker = Tracker();

        tracker.StopSigning(Start.AddSeconds(1), "signing certificate revoked");
        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
        Assert.EndsWith("; not signing: signing certificate revoked", tracker.Current.Reason, StringComparison.Ordinal);

        tracker.Evaluate(Start.AddSeconds(10));
        Assert.Equal(NodeMode.Degraded, tracker.Current.Mode);
        Assert.StartsWith("no commit for", tracker.Current.Reason, StringComparison.Ordinal);
        Assert.EndsWith("; not signing: signing certificate revoked", tracker.Current.Reason, StringComparison.Ordinal);

        tracker.OnCommit(Start.AddSeconds(11), 11);
        tracker.Evaluate(Start.AddSeconds(12));
        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
        Assert.Equal("committing; not signing: signing certificate revoked", tracker.Current.Reason);
    }

    [Fact]
    public void Abstaining_UntilCleared_EveryReasonSaysItThenNoneDoes()
    {
        var tracker = Tracker();

        tracker.Abstaining(Start.AddSeconds(1), "abstaining until round 12");
        Assert.Equal(NodeMode.Target, tracker.Current.Mode);
        Assert.EndsWith("; abstaining until round 12", tracker.Current.Reason, StringComparison.Ordinal);

        tracker.OnCommit(Start.AddSeconds(2), 11);
        Assert.EndsWith("; abstaining until round 12", tracker.Current.Reason, StringComparison.Ordinal);

        tracker.Abstaining(Start.AddSeconds(3), null);
        Assert.DoesNotContain("abstaining", tracker.Current.Reason, StringComparison.Ordinal);
    }
}
