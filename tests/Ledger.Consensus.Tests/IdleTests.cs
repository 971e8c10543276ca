using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// An idle network costs nothing: no proposals while nothing is pending but a heartbeat, no round
/// timeouts, and work arriving is proposed at once and committed by exactly the blocks the
/// two-chain rule needs.
/// </summary>
public sealed class IdleTests
{
    private static readonly ConsensusParameters Parameters = ConsensusParameters.ForTests();
    private readonly ConsensusBuilder _b = new(4);

    [Fact]
    public void Start_IdleLeaderBeforeItsHeartbeat_AsksForNoPayloadAndWakesWhenItIsDue()
    {
        // Validator 1 leads round 1 on genesis (timestamp GenesisTimeMs); the heartbeat is 1,000 ms.
        var h = new CoreHarness(_b.Core(1), ConsensusBuilder.GenesisTimeMs + 100);

        IReadOnlyList<ConsensusAction> actions = h.Record(h.Core.Start(h.Now, workPending: false));

        Assert.Empty(actions.OfType<RequestPayload>());
        Assert.Contains(new SetTimer(1, Parameters.HeartbeatMs - 100), actions);

        h.Now = ConsensusBuilder.GenesisTimeMs + Parameters.HeartbeatMs;
        IReadOnlyList<ConsensusAction> woken = h.Handle(new TimerFired(1));

        Assert.Single(woken.OfType<RequestPayload>());
        Assert.Empty(woken.OfType<BroadcastTimeout>());
        Assert.Contains(new SetTimer(1, Parameters.BaseTimeoutMs), woken);
    }

    [Fact]
    public void WorkPending_IdleLeader_AsksForAPayloadAtOnce()
    {
        var h = new CoreHarness(_b.Core(1), ConsensusBuilder.GenesisTimeMs + 100);
        h.Record(h.Core.Start(h.Now, workPending: false));

        IReadOnlyList<ConsensusAction> actions = h.Handle(new WorkPending(true));

        Assert.Single(actions.OfType<RequestPayload>());
        Assert.Contains(new SetTimer(1, Parameters.BaseTimeoutMs), actions);
    }

    [Fact]
    public void Follower_IdleThenWorkArrives_WaitsHeartbeatPlusTimeoutThenOnlyATimeout()
    {
        var h = new CoreHarness(_b.Core(0), ConsensusBuilder.GenesisTimeMs + 100);

        IReadOnlyList<ConsensusAction> idle = h.Record(h.Core.Start(h.Now, workPending: false));
        h.Now += 400;
        IReadOnlyList<ConsensusAction> busy = h.Handle(new WorkPending(true));
        h.Now += 10;
        IReadOnlyList<ConsensusAction> drained = h.Handle(new WorkPending(false));

        Assert.Equal([new SetTimer(1, Parameters.HeartbeatMs + Parameters.BaseTimeoutMs)], idle.OfType<SetTimer>());
        Assert.Equal([new SetTimer(1, Parameters.BaseTimeoutMs)], busy.OfType<SetTimer>());
        Assert.Equal([new SetTimer(1, Parameters.HeartbeatMs + Parameters.BaseTimeoutMs)], drained.OfType<SetTimer>());
    }

    [Fact]
    public void IdleNetwork_TenHeartbeats_OneBlockPerHeartbeatAndNoRoundTimesOut()
    {
        var net = new MiniNetwork();
        net.Start();

        net.RunUntil(10 * Parameters.HeartbeatMs + 500);

        // One proposal per heartbeat after genesis's (due at 1,000 ms): ten in 10.5 s.
        Assert.Equal(10, net.Proposals);
        Assert.Equal(0, net.Timeouts);
        Assert.All(Enumerable.Range(0, 4), v => Assert.True(net.CommittedHeight(v) >= 8, $"validator {v} committed {net.CommittedHeight(v)}"));
        Assert.All(net.ProposalLog.Zip(net.ProposalLog.Skip(1)), pair => Assert.Equal(Parameters.HeartbeatMs, pair.Second.Block.TimestampMs - pair.First.Block.TimestampMs, 20.0));
    }

    [Fact]
    public void IdleNetwork_TransactionArrives_ProposedAtOnceCommittedByTwoMoreBlocksThenIdleAgain()
    {
        var net = new MiniNetwork();
        net.Start();
        net.RunUntil(3_500);
        int before = net.Proposals;

        net.Submit(7);
        net.RunUntil(3_700);

        // The block holding it and the two that commit it, a network delay apart each (plus votes).
        Assert.Equal(before + 3, net.Proposals);
        Assert.All(Enumerable.Range(0, 4), v => Assert.InRange(net.CommittedAt(v, 7) ?? long.MaxValue, 3_500, 3_500 + (6 * MiniNetwork.DelayMs)));
        Assert.Equal(0, net.Timeouts);

        // Nothing pending: the next block is the heartbeat after the last one.
        long last = net.ProposalLog[^1].Block.TimestampMs;
        net.RunUntil(4_600);
        Assert.Equal(before + 4, net.Proposals);
        Assert.Equal(last + Parameters.HeartbeatMs, net.ProposalLog[^1].Block.TimestampMs);
        net.RunUntil(10_000);
        Assert.Equal(0, net.Timeouts);
    }

    [Fact]
    public void IdleNetwork_TwoTransactionsInARow_EachCommittedPromptly()
    {
        var net = new MiniNetwork();
        net.Start();
        net.RunUntil(2_500);

        net.Submit(1);
        net.RunUntil(2_503);
        net.Submit(2);
        net.RunUntil(2_700);

        Assert.All(Enumerable.Range(0, 4), v =>
        {
            Assert.InRange(net.CommittedAt(v, 1) ?? long.MaxValue, 2_500, 2_560);
            Assert.InRange(net.CommittedAt(v, 2) ?? long.MaxValue, 2_503, 2_600);
        });
        Assert.Equal(0, net.Timeouts);
    }

    [Fact]
    public void QcCommitsWorkBelowAnEmptyNewRoot_IdleLeader_ProposesAtOnceToAnnounceTheCommit()
    {
        // Block 1 holds work, round 2 ends in a TC, empty blocks 3 and 4 follow (3 does not announce
        // 1's commit: their rounds are not consecutive). The leader of round 5 forms QC(4), which
        // commits 1 and 3 together; only it knows, and only its next proposal tells the others.
        var h = new CoreHarness(_b.Core(1), ConsensusBuilder.GenesisTimeMs + 100) { ExecuteAutomatically = false };
        h.Record(h.Core.Start(h.Now, workPending: false));
        Block b1 = _b.Block(1, _b.GenesisQc);
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        h.Handle(new ProposalReceived(new Proposal(b1, null)));
        h.Handle(new BlockExecuted(b1.Id, s1));
        QuorumCertificate qc1 = _b.Qc(b1, s1);
        Block b3 = _b.Block(3, qc1, payload: "");
        Hash32 s3 = ConsensusBuilder.StateAfter(s1, b3);
        h.Handle(new ProposalReceived(new Proposal(b3, _b.Tc(2, qc1))));
        h.Handle(new BlockExecuted(b3.Id, s3, Empty: true));
        Block b4 = _b.Block(4, _b.Qc(b3, s3), payload: "");
        Hash32 s4 = ConsensusBuilder.StateAfter(s3, b4);
        h.Handle(new ProposalReceived(new Proposal(b4, null)));
        h.Handle(new BlockExecuted(b4.Id, s4, Empty: true));

        IReadOnlyList<ConsensusAction> actions = [.. new[] { 0, 2, 3 }.SelectMany(v => h.Handle(new VoteReceived(_b.Vote(b4, s4, v))))];

        Assert.Equal([b1.Id, b3.Id], Assert.Single(actions.OfType<CommitBlocks>()).Blocks.Select(b => b.Block.Id));
        Assert.Equal(5UL, Assert.Single(actions.OfType<RequestPayload>()).Round);
    }
}
