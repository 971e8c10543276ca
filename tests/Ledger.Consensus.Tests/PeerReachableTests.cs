using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// After a partition heals, a replica re-sends to each peer that became reachable what that peer
/// needs to join the round (its timeout, its vote for the peer to aggregate, its proposal), and a
/// replica stuck in a timed-out round drops its backoff, so commits resume within a round timeout.
/// </summary>
public sealed class PeerReachableTests
{
    private static readonly ConsensusParameters Parameters = ConsensusParameters.ForTests();
    private readonly ConsensusBuilder _b = new(4);

    [Fact]
    public void PeerReachable_ReplicaStuckInATimedOutRound_ResendsItsTimeoutAndDropsItsBackoff()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        h.Handle(new TimerFired(1));
        RoundTimeout timeout = Assert.Single(h.Handle(new TimerFired(1)).OfType<BroadcastTimeout>()).Timeout;
        Assert.Contains(new SetTimer(1, 4 * Parameters.BaseTimeoutMs), h.Actions);

        IReadOnlyList<ConsensusAction> actions = h.Handle(new PeerReachable(2));

        Assert.Equal([new Resend(2, timeout), new SetTimer(1, Parameters.BaseTimeoutMs)], actions);
        Assert.Empty(h.Handle(new PeerReachable(0)));
    }

    [Fact]
    public void PeerReachable_StuckRoundThenEndsInATc_NextRoundWaitsOneBaseTimeout()
    {
        // The TC that ends the stuck round comes from the heal: it must not double the next round's timeout.
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        h.Handle(new TimerFired(1));
        h.Handle(new TimerFired(1));
        h.Handle(new PeerReachable(2));

        h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 2)));
        IReadOnlyList<ConsensusAction> actions = h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 3)));

        Assert.Equal(2UL, h.Core.CurrentRound);
        Assert.Contains(new SetTimer(2, Parameters.BaseTimeoutMs), actions);
    }

    [Fact]
    public void PeerReachable_StuckRoundTimesOutAgainBeforeItsTc_NextRoundBacksOffAgain()
    {
        // A timeout after the peer returned is a round that was too short again: backoff resumes.
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        h.Handle(new TimerFired(1));
        h.Handle(new TimerFired(1));
        h.Handle(new PeerReachable(2));
        h.Handle(new TimerFired(1));

        h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 2)));
        IReadOnlyList<ConsensusAction> actions = h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 3)));

        Assert.Equal(2UL, h.Core.CurrentRound);
        Assert.Contains(new SetTimer(2, 4 * Parameters.BaseTimeoutMs), actions);
    }

    [Fact]
    public void PeerReachable_VoteForThisRound_ResentOnlyToTheLeaderThatAggregatesIt()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        Vote vote = Assert.Single(h.Handle(new ProposalReceived(new Proposal(b1, null))).OfType<SendVote>()).Vote;

        Assert.Empty(h.Handle(new PeerReachable(3)));
        Assert.Equal([new Resend(2, vote)], h.Handle(new PeerReachable(2)));
    }

    [Fact]
    public void PeerReachable_LeaderThatProposedThisRound_ResendsItsProposal()
    {
        var h = new CoreHarness(_b.Core(1));
        h.Start();
        Proposal proposal = Assert.Single(h.Handle(new PayloadReady(1, [1])).OfType<BroadcastProposal>()).Proposal;

        IReadOnlyList<ConsensusAction> actions = h.Handle(new PeerReachable(3));

        Assert.Equal([new Resend(3, proposal)], actions);
    }

    [Fact]
    public void PartitionWithoutAQuorumHeals_CommitsResumeWithinARoundTimeout()
    {
        var net = new MiniNetwork();
        net.Start();
        net.RunUntil(1_500);
        net.Partition(0, 1);
        net.Submit(9);

        // Long enough for every timer to back off to the maximum (1.6 s) several times over.
        net.RunUntil(9_600);
        Assert.All(Enumerable.Range(0, 4), v => Assert.Null(net.CommittedAt(v, 9)));
        net.Heal();
        net.RunUntil(9_600 + Parameters.BaseTimeoutMs);

        Assert.All(Enumerable.Range(0, 4), v => Assert.NotNull(net.CommittedAt(v, 9)));
    }

    [Fact]
    public void PartitionHealsUnannounced_CommitsWaitForTheBackedOffTimers()
    {
        // The same run without the links' news: the harness can tell the difference.
        var net = new MiniNetwork();
        net.Start();
        net.RunUntil(1_500);
        net.Partition(0, 1);
        net.Submit(9);
        net.RunUntil(9_600);
        net.Heal(announce: false);
        net.RunUntil(9_600 + Parameters.BaseTimeoutMs);

        Assert.Contains(Enumerable.Range(0, 4), v => net.CommittedAt(v, 9) is null);
        net.RunUntil(9_600 + (2 * Parameters.MaxTimeoutMs));
        Assert.All(Enumerable.Range(0, 4), v => Assert.NotNull(net.CommittedAt(v, 9)));
    }
}
