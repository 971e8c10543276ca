using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Replica-level rules that survived a mutation run; each test fails when its rule is removed.
/// See docs/rule-coverage.md.
/// </summary>
public sealed class CoreRuleCoverageTests
{
    private readonly ConsensusBuilder _b = new(4);

    [Fact]
    public void Qc_WhoseParentIsNotFromThePreviousRound_CommitsNothingNew()
    {
        // B1 (r1) <- B2 (r2) <- B4 (r4, entered by TC(3)); QC(B4) certifies a block whose parent is
        // two rounds older, so it is no two-chain for B2: only B1 (by QC(B2)) may commit.
        (Block b1, QuorumCertificate qc1, Block b2, QuorumCertificate qc2, Block b4, QuorumCertificate qc4) = ChainSkippingRoundThree();
        Block b5 = _b.Block(5, qc4, "five");
        var h = new CoreHarness(_b.Core(0));
        h.Start();

        h.Handle(new ProposalReceived(new Proposal(b1, null)));
        h.Handle(new ProposalReceived(new Proposal(b2, null)));
        h.Handle(new ProposalReceived(new Proposal(b4, _b.Tc(3, qc2))));
        h.Handle(new ProposalReceived(new Proposal(b5, null)));

        Assert.Equal(b1.Id, Assert.Single(h.Actions.OfType<CommitBlocks>().SelectMany(c => c.Blocks)).Block.Id);
        Assert.Equal(1UL, h.Core.Committed.Height);
        Assert.Equal(5UL, h.Core.CurrentRound);
    }

    [Fact]
    public void Proposal_ConflictingSecondOneFromTheLeader_IsEvidenceOnlyAndNeverExecuted()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        h.Handle(new ProposalReceived(new Proposal(_b.Block(1, _b.GenesisQc, "a"), null)));

        IReadOnlyList<ConsensusAction> actions = h.Handle(new ProposalReceived(new Proposal(_b.Block(1, _b.GenesisQc, "b"), null)));

        Assert.Single(actions.OfType<ReportEquivocation>());
        Assert.Empty(actions.OfType<ExecuteBlock>());
        Assert.Empty(actions.OfType<SendVote>());
    }

    [Fact]
    public void Votes_ToAReplicaThatDoesNotLeadTheNextRound_AreNotAggregated()
    {
        // Validator 0 does not lead round 2, so votes of round 1 are not its to count.
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        int retained = h.Core.RetainedItems;

        foreach (int voter in new[] { 1, 2, 3 })
        {
            h.Handle(new VoteReceived(_b.Vote(b1, s1, voter)));
        }

        Assert.Equal(1UL, h.Core.CurrentRound);
        Assert.Equal(retained, h.Core.RetainedItems);
    }

    [Fact]
    public void Votes_ForARoundBelowTheHighQc_AreNotRetained()
    {
        // Validator 3 leads round 3, so it would aggregate votes of round 2; once it holds QC(4)
        // (root still at round 1: QC(4) is no two-chain) those votes are stale and must not pile up.
        (Block b1, QuorumCertificate qc1, Block b2, QuorumCertificate qc2, Block b4, QuorumCertificate qc4) = ChainSkippingRoundThree();
        var h = new CoreHarness(_b.Core(3));
        h.Start();
        h.Handle(new ProposalReceived(new Proposal(b1, null)));
        h.Handle(new ProposalReceived(new Proposal(b2, null)));
        h.Handle(new ProposalReceived(new Proposal(b4, _b.Tc(3, qc2))));
        h.Handle(new ProposalReceived(new Proposal(_b.Block(5, qc4, "five"), null)));
        Assert.Equal((4UL, 1UL), (h.Core.HighQc.Round, h.Core.Committed.Round));
        int retained = h.Core.RetainedItems;

        foreach (int voter in new[] { 0, 1, 2 })
        {
            h.Handle(new VoteReceived(_b.Vote(b2, qc2.Data.StateRoot, voter)));
        }

        Assert.Equal(retained, h.Core.RetainedItems);
    }

    /// <summary>B1 (r1) &lt;- B2 (r2) &lt;- B4 (r4, after round 3 failed), each with its QC.</summary>
    private (Block B1, QuorumCertificate Qc1, Block B2, QuorumCertificate Qc2, Block B4, QuorumCertificate Qc4) ChainSkippingRoundThree()
    {
        Block b1 = _b.Block(1, _b.GenesisQc, "one");
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        QuorumCertificate qc1 = _b.Qc(b1, s1);
        Block b2 = _b.Block(2, qc1, "two");
        Hash32 s2 = ConsensusBuilder.StateAfter(s1, b2);
        QuorumCertificate qc2 = _b.Qc(b2, s2);
        Block b4 = _b.Block(4, qc2, "four");
        QuorumCertificate qc4 = _b.Qc(b4, ConsensusBuilder.StateAfter(s2, b4));
        return (b1, qc1, b2, qc2, b4, qc4);
    }
}
