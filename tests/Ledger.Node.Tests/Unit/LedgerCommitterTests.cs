using Ledger.Node.Runtime;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

/// <summary>Ledger commits off the event loop: queued without waiting for the device, done and reported in order, nothing after a failure.</summary>
public sealed class LedgerCommitterTests
{
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(5);

    private readonly ConsensusBuilder _builder = new(4);

    [Fact]
    public void Enqueue_CommitStillWriting_ReturnsBeforeTheCommitFinishes()
    {
        // The commit waits until the caller has got control back: committed on the caller's thread, it would time out.
        using var returned = new ManualResetEventSlim();
        var sawReturn = false;
        var committer = new LedgerCommitter(_ => sawReturn = returned.Wait(GateTimeout), () => { }, LedgerCommitter.MaxInFlight);

        committer.Enqueue(Job(1));
        returned.Set();
        committer.WaitForAll();

        Assert.True(sawReturn, "the commit ran before Enqueue returned");
        Assert.True(committer.TryTake(out var outcome));
        Assert.Null(outcome.Failure);
        Assert.Equal(0, committer.InFlight);
    }

    [Fact]
    public void Enqueue_ThreeBlocks_CommittedAndReportedInOrderEachWithAWakeUp()
    {
        var committed = new List<ulong>();
        var wakes = 0;
        var committer = new LedgerCommitter(job => committed.Add(job.Block.Round), () => Interlocked.Increment(ref wakes), LedgerCommitter.MaxInFlight);

        committer.Enqueue(Job(1));
        committer.Enqueue(Job(2));
        committer.Enqueue(Job(3));
        committer.WaitForAll();

        Assert.Equal([1UL, 2UL, 3UL], committed);
        Assert.Equal([1UL, 2UL, 3UL], Taken(committer).Select(o => o.Job.Block.Round));
        Assert.Equal(3, wakes);
    }

    [Fact]
    public void Enqueue_ACommitRefused_LaterBlocksNotCommittedAndEachReportedFailed()
    {
        var committed = new List<ulong>();
        var committer = new LedgerCommitter(
            job =>
            {
                if (job.Block.Round == 2)
                {
                    throw new InvalidOperationException("does not extend the committed head");
                }

                committed.Add(job.Block.Round);
            },
            () => { },
            LedgerCommitter.MaxInFlight);

        committer.Enqueue(Job(1));
        committer.Enqueue(Job(2));
        committer.Enqueue(Job(3));
        committer.WaitForAll();

        Assert.Equal([1UL], committed);
        var outcomes = Taken(committer);
        Assert.Null(outcomes[0].Failure);
        Assert.Equal("does not extend the committed head", Assert.IsType<InvalidOperationException>(outcomes[1].Failure).Message);
        Assert.IsType<InvalidOperationException>(outcomes[2].Failure);
    }

    [Fact]
    public void Enqueue_CommitDurable_TellsDurableBeforeWakingTheLoop()
    {
        // The commit notification is published from here: it must not wait for the loop to take the commit.
        var events = new List<string>();
        var committer = new LedgerCommitter(
            job => events.Add($"commit {job.Block.Round}"),
            () => events.Add("wake"),
            LedgerCommitter.MaxInFlight,
            job => events.Add($"durable {job.Block.Round}"));

        committer.Enqueue(Job(1));
        committer.Enqueue(Job(2));
        committer.WaitForAll();

        Assert.Equal(["commit 1", "durable 1", "wake", "commit 2", "durable 2", "wake"], events);
    }

    [Fact]
    public void Enqueue_ACommitRefused_DurableNotToldOfItNorOfLaterOnes()
    {
        var durable = new List<ulong>();
        var committer = new LedgerCommitter(
            job =>
            {
                if (job.Block.Round == 2)
                {
                    throw new InvalidOperationException("does not extend the committed head");
                }
            },
            () => { },
            LedgerCommitter.MaxInFlight,
            job => durable.Add(job.Block.Round));

        committer.Enqueue(Job(1));
        committer.Enqueue(Job(2));
        committer.Enqueue(Job(3));
        committer.WaitForAll();

        Assert.Equal([1UL], durable);
        Assert.Equal(3, Taken(committer).Count);
    }

    private static List<CommitOutcome> Taken(LedgerCommitter committer)
    {
        var outcomes = new List<CommitOutcome>();
        while (committer.TryTake(out var outcome))
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private LedgerCommitJob Job(ulong round) =>
        new(_builder.Block(round, _builder.GenesisQc, payload: $"block {round}"), [], _builder.GenesisStateRoot, []);
}
