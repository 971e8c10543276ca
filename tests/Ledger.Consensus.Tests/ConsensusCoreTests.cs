using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

public sealed class ConsensusCoreTests
{
    private readonly ConsensusBuilder _b = new(4);

    // A three-block chain on genesis, each in consecutive rounds, with the honest state roots.
    private (Block B1, Hash32 S1, QuorumCertificate Qc1, Block B2, Hash32 S2, QuorumCertificate Qc2, Block B3) Chain()
    {
        Block b1 = _b.Block(1, _b.GenesisQc, "one");
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        QuorumCertificate qc1 = _b.Qc(b1, s1);
        Block b2 = _b.Block(2, qc1, "two");
        Hash32 s2 = ConsensusBuilder.StateAfter(s1, b2);
        QuorumCertificate qc2 = _b.Qc(b2, s2);
        return (b1, s1, qc1, b2, s2, qc2, _b.Block(3, qc2, "three"));
    }

    [Fact]
    public void Start_LeaderOfRoundOne_ArmsTimerAndAsksForPayload()
    {
        var h = new CoreHarness(_b.Core(1));

        IReadOnlyList<ConsensusAction> actions = h.Start();

        Assert.Contains(new SetTimer(1, ConsensusParameters.ForTests().BaseTimeoutMs), actions);
        RequestPayload request = Assert.Single(actions.OfType<RequestPayload>());
        Assert.Equal((1UL, _b.GenesisQc.BlockId, 1UL), (request.Round, request.ParentId, request.Height));
    }

    [Fact]
    public void PayloadReady_Leader_BroadcastsSignedProposalAndVotesAfterExecution()
    {
        var h = new CoreHarness(_b.Core(1));
        h.Start();

        IReadOnlyList<ConsensusAction> actions = h.Handle(new PayloadReady(1, [1, 2, 3]));

        Proposal proposal = Assert.Single(actions.OfType<BroadcastProposal>()).Proposal;
        Assert.Null(_b.Verifier().CheckProposal(proposal, 1024));
        Assert.Equal(h.Now, proposal.Block.TimestampMs);
        SendVote vote = Assert.Single(actions.OfType<SendVote>());
        Assert.Equal(2, vote.To);
        Assert.Equal(ConsensusBuilder.StateAfter(_b.GenesisStateRoot, proposal.Block), vote.Vote.Data.StateRoot);
    }

    [Fact]
    public void Proposal_Valid_PersistsSafetyDataBeforeSendingTheVote()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);

        h.Handle(new ProposalReceived(new Proposal(b1, null)));

        ConsensusOutputs withVote = h.Outputs.Single(o => o.Actions.OfType<SendVote>().Any());
        Vote vote = withVote.Actions.OfType<SendVote>().Single().Vote;
        Assert.NotNull(withVote.PersistFirst);
        Assert.Equal(vote, withVote.PersistFirst!.LastVote);
        Assert.Equal(1UL, withVote.PersistFirst.HighestVotedRound);
    }

    [Fact]
    public void Proposal_SameRoundAfterRestart_ResendsTheStoredVote()
    {
        var first = new CoreHarness(_b.Core(0));
        first.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        first.Handle(new ProposalReceived(new Proposal(b1, null)));
        Vote original = first.Actions.OfType<SendVote>().Single().Vote;

        var restarted = new CoreHarness(_b.Core(0, first.Core.SafetyData));
        restarted.Start();
        IReadOnlyList<ConsensusAction> again = restarted.Handle(new ProposalReceived(new Proposal(b1, null)));

        Assert.Equal(original, Assert.Single(again.OfType<SendVote>()).Vote);
        Assert.All(restarted.Outputs, o => Assert.Null(o.PersistFirst?.LastVote is { } v && v != original ? o.PersistFirst : null));
    }

    [Fact]
    public void Proposal_ConflictingBlockAfterRestart_GetsNoVote()
    {
        var first = new CoreHarness(_b.Core(0));
        first.Start();
        first.Handle(new ProposalReceived(new Proposal(_b.Block(1, _b.GenesisQc, "a"), null)));

        var restarted = new CoreHarness(_b.Core(0, first.Core.SafetyData));
        restarted.Start();
        IReadOnlyList<ConsensusAction> actions = restarted.Handle(new ProposalReceived(new Proposal(_b.Block(1, _b.GenesisQc, "b"), null)));

        Assert.Empty(actions.OfType<SendVote>());
    }

    [Fact]
    public void Votes_OnlyAQuorumOfDistinctValidSignersFormsAQc()
    {
        // Validator 2 leads round 2, so it aggregates votes for round 1.
        var h = new CoreHarness(_b.Core(2));
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        h.Handle(new ProposalReceived(new Proposal(b1, null)));

        Vote good0 = _b.Vote(b1, s1, 0);
        var otherChain = new ConsensusBuilder(4, "other-chain");
        Vote[] bad =
        [
            good0,                                                   // duplicate signer
            good0 with { Voter = 3 },                                // validator 3's name, validator 0's signature
            good0 with { Voter = 9 },                                // not a validator
            otherChain.Vote(b1, s1, 3),                              // signed for another chain
            _b.Vote(b1, Hash32.Sha256("other state"u8), 3),          // a different state root does not join the group
            Vote.Create(_b.ChainId, ConsensusBuilder.VoteDataFor(b1, s1) with { Round = 2 }, 3, b1.TimestampMs, ConsensusBuilder.Key(3)), // wrong round
        ];

        h.Handle(new VoteReceived(good0));
        foreach (Vote vote in bad)
        {
            h.Handle(new VoteReceived(vote));
        }

        // Validator 2's own vote went to itself: with validator 0 that is two of three.
        Assert.Equal(3, h.Rejections.Count());
        Assert.Equal(1UL, h.Core.CurrentRound);
        Assert.Empty(h.Actions.OfType<RequestPayload>());

        h.Handle(new VoteReceived(_b.Vote(b1, s1, 1)));

        Assert.Equal(2UL, h.Core.CurrentRound);
        RequestPayload request = Assert.Single(h.Actions.OfType<RequestPayload>());
        Assert.Equal(b1.Id, request.ParentId);
        Assert.Equal(3, h.Core.HighQc.Signatures.Count);
        Assert.Null(_b.Verifier().CheckQc(h.Core.HighQc));
    }

    [Fact]
    public void Proposals_ThreeConsecutiveRounds_CommitTheFirstWithItsTwoChainEvidence()
    {
        var (b1, _, qc1, b2, _, qc2, b3) = Chain();
        var h = new CoreHarness(_b.Core(0));
        h.Start();

        h.Handle(new ProposalReceived(new Proposal(b1, null)));
        h.Handle(new ProposalReceived(new Proposal(b2, null)));
        Assert.Empty(h.Actions.OfType<CommitBlocks>());
        h.Handle(new ProposalReceived(new Proposal(b3, null)));

        CommitBlocks commit = Assert.Single(h.Actions.OfType<CommitBlocks>());
        CommittedBlock committed = Assert.Single(commit.Blocks);
        Assert.Equal(b1.Id, committed.Block.Id);
        Assert.True(committed.Qc.SameAs(qc1));
        Assert.True(commit.ChildQc.SameAs(qc2));
        Assert.Null(Verification.CommitEvidence.Verify(b1.Id, commit.EvidenceFor(0), _b.Verifier()));
        Assert.Equal(2, commit.EvidenceFor(0).Count);
        Assert.Equal(b1.Id, h.Core.Committed.BlockId);
    }

    [Fact]
    public void Proposal_StateRootDiffersFromQc_Halts()
    {
        var (b1, _, _, b2, _, _, _) = Chain();
        Hash32 wrong = Hash32.Sha256("diverged"u8);
        QuorumCertificate wrongQc1 = _b.Qc(b1, wrong);
        Block b2Wrong = _b.Block(2, wrongQc1, "two");
        QuorumCertificate qc2 = _b.Qc(b2Wrong, ConsensusBuilder.StateAfter(wrong, b2Wrong));
        var h = new CoreHarness(_b.Core(0));
        h.Start();

        h.Handle(new ProposalReceived(new Proposal(b1, null)));
        h.Handle(new ProposalReceived(new Proposal(b2Wrong, null)));
        h.Handle(new ProposalReceived(new Proposal(_b.Block(3, qc2), null)));

        Assert.Contains(h.Actions, a => a is Halt);
        Assert.True(h.Core.IsHalted);
        Assert.Empty(h.Actions.OfType<CommitBlocks>());
        Assert.Same(ConsensusOutputs.None, h.Core.Handle(new TimerFired(h.Core.CurrentRound), h.Now));
        _ = b2;
    }

    [Fact]
    public void Proposal_TwoDifferentBlocksFromTheLeaderInOneRound_ReportsEquivocation()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        var first = new Proposal(_b.Block(1, _b.GenesisQc, "a"), null);
        var second = new Proposal(_b.Block(1, _b.GenesisQc, "b"), null);

        h.Handle(new ProposalReceived(first));
        h.Handle(new ProposalReceived(first));
        h.Handle(new ProposalReceived(second));

        EquivocationEvidence evidence = Assert.Single(h.Actions.OfType<ReportEquivocation>()).Evidence;
        Assert.Equal((EquivocationKind.Proposal, 1, 1UL), (evidence.Kind, evidence.Offender, evidence.Round));
        Assert.Equal(SignedBlockHeader.Of(first.Block), evidence.First);
        Assert.Equal(SignedBlockHeader.Of(second.Block), evidence.Second);
        Assert.Null(EquivocationVerifier.Check(evidence, _b.ChainId, _b.Validators));
        Assert.Single(h.Actions.OfType<SendVote>());
    }

    [Fact]
    public void Votes_TwoDifferentVotesBySameValidator_ReportsEquivocation()
    {
        var h = new CoreHarness(_b.Core(2));
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        Vote a = _b.Vote(b1, Hash32.Sha256("a"u8), 3);
        Vote b = _b.Vote(b1, Hash32.Sha256("b"u8), 3);

        h.Handle(new VoteReceived(a));
        h.Handle(new VoteReceived(b));

        EquivocationEvidence evidence = Assert.Single(h.Actions.OfType<ReportEquivocation>()).Evidence;
        Assert.Equal((EquivocationKind.Vote, 3), (evidence.Kind, evidence.Offender));
        Assert.Null(EquivocationVerifier.Check(evidence, _b.ChainId, _b.Validators));
    }

    [Fact]
    public void Timeouts_TwoWithDifferentHighQcRoundsBySameValidator_ReportsCompactEquivocation()
    {
        var h = new CoreHarness(_b.Core(2));
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1));
        RoundTimeout low = _b.Timeout(2, _b.GenesisQc, 3);
        RoundTimeout high = _b.Timeout(2, qc1, 3);

        h.Handle(new TimeoutReceived(low));
        h.Handle(new TimeoutReceived(high));

        EquivocationEvidence evidence = Assert.Single(h.Actions.OfType<ReportEquivocation>()).Evidence;
        Assert.Equal(new SignedTimeoutRound(2, 0, 3, low.Signature), evidence.First);
        Assert.Equal(new SignedTimeoutRound(2, 1, 3, high.Signature), evidence.Second);
        Assert.Null(EquivocationVerifier.Check(evidence, _b.ChainId, _b.Validators));
    }

    [Theory]
    [InlineData(600)] // beyond the 500 ms skew allowed ahead of the replica's clock
    [InlineData(-2_000)] // not after the parent's (genesis) timestamp
    public void Proposal_TimestampOutOfBounds_IsNotExecutedOrVoted(long offsetFromNow)
    {
        var h = new CoreHarness(_b.Core(0), ConsensusBuilder.GenesisTimeMs + 1_000);
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc, timestampMs: h.Now + offsetFromNow);

        IReadOnlyList<ConsensusAction> actions = h.Handle(new ProposalReceived(new Proposal(b1, null)));

        Assert.Empty(actions.OfType<ExecuteBlock>());
        Assert.Empty(actions.OfType<SendVote>());
    }

    [Fact]
    public void Proposal_BlockRejectedByApplication_GetsNoVote()
    {
        var h = new CoreHarness(_b.Core(0)) { ExecuteAutomatically = false };
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        h.Handle(new ProposalReceived(new Proposal(b1, null)));

        IReadOnlyList<ConsensusAction> actions = h.Handle(new BlockRejected(b1.Id, "bad transfer"));

        Assert.Empty(actions.OfType<SendVote>());
        Assert.Empty(h.Core.Handle(new BlockExecuted(b1.Id, Hash32.Sha256("late"u8)), h.Now).Actions.OfType<SendVote>());
    }

    [Fact]
    public void Proposal_FarFutureRound_IsDroppedWithoutStateGrowth()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        int before = h.Core.RetainedItems;
        ulong far = ConsensusParameters.ForTests().MaxRoundsAhead + 50;

        IReadOnlyList<ConsensusAction> actions = h.Handle(new ProposalReceived(new Proposal(_b.Block(far, _b.GenesisQc), null)));
        h.Handle(new TimeoutReceived(_b.Timeout(far, _b.GenesisQc, 3)));

        Assert.Empty(actions);
        Assert.Equal(before, h.Core.RetainedItems);
        Assert.Equal(1UL, h.Core.CurrentRound);
    }

    [Fact]
    public void Timer_CurrentRound_PersistsThenBroadcastsTimeoutAndBacksOff()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();

        IReadOnlyList<ConsensusAction> actions = h.Handle(new TimerFired(1));

        RoundTimeout timeout = Assert.Single(actions.OfType<BroadcastTimeout>()).Timeout;
        Assert.Equal(timeout, h.Outputs[^1].PersistFirst!.LastTimeout);
        Assert.Contains(new SetTimer(1, 2 * ConsensusParameters.ForTests().BaseTimeoutMs), actions);
        Assert.Empty(h.Handle(new TimerFired(7)));
    }

    [Fact]
    public void Timeouts_Quorum_FormATcAndTheNextLeaderProposesWithIt()
    {
        // Validator 2 leads round 2; round 1 times out everywhere.
        var h = new CoreHarness(_b.Core(2));
        h.Start();
        h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 0)));
        h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 0)));
        Assert.Equal(1UL, h.Core.CurrentRound);

        // f + 1 = 2 timeouts make it join; with its own that is 3, a quorum.
        h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 1)));

        Assert.Equal(2UL, h.Core.CurrentRound);
        h.Handle(new PayloadReady(2, [7]));
        Proposal proposal = Assert.Single(h.Actions.OfType<BroadcastProposal>()).Proposal;
        Assert.Equal(1UL, proposal.LastRoundTc!.Round);
        Assert.Null(_b.Verifier().CheckProposal(proposal, 1024));
    }

    [Fact]
    public void Timeout_BadSignature_IsIgnored()
    {
        var h = new CoreHarness(_b.Core(2));
        h.Start();
        RoundTimeout forged = _b.Timeout(1, _b.GenesisQc, 0) with { Signer = 1 };

        h.Handle(new TimeoutReceived(forged));
        h.Handle(new TimeoutReceived(_b.Timeout(1, _b.GenesisQc, 3)));

        // Only one genuine timeout arrived: below f + 1, so no joining and no TC.
        Assert.Single(h.Rejections);
        Assert.Empty(h.Actions.OfType<BroadcastTimeout>());
        Assert.Equal(1UL, h.Core.CurrentRound);
    }
}
