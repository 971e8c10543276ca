using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

public sealed class SafetyRulesTests
{
    private readonly ConsensusBuilder _b = new(4);
    private readonly Hash32 _root = Hash32.Sha256("state"u8);

    private SafetyRules Rules(SafetyData? data = null) => new(_b.ChainId, 0, ConsensusBuilder.Key(0), data ?? SafetyData.Initial);

    [Fact]
    public void SignVote_BlockExtendingPreviousRound_SignsAndRaisesRounds()
    {
        SafetyRules rules = Rules();
        Block b1 = _b.Block(1, _b.GenesisQc);

        SafetyResult<Vote> result = rules.SignVote(b1, null, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.True(result.IsNew);
        Assert.Null(_b.Verifier().CheckVote(result.Message!));
        Assert.Equal(1UL, rules.Data.HighestVotedRound);
        Assert.Same(result.Message, rules.Data.LastVote);
    }

    [Fact]
    public void SignVote_SameBlockAgain_ReturnsStoredVote()
    {
        SafetyRules rules = Rules();
        Block b1 = _b.Block(1, _b.GenesisQc);
        Vote first = rules.SignVote(b1, null, _root, ConsensusBuilder.GenesisTimeMs).Message!;

        SafetyResult<Vote> again = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), rules.Data).SignVote(b1, null, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.False(again.IsNew);
        Assert.Same(first, again.Message);
    }

    [Fact]
    public void SignVote_OtherBlockInVotedRound_Refused()
    {
        SafetyRules rules = Rules();
        rules.SignVote(_b.Block(1, _b.GenesisQc, "a"), null, _root, ConsensusBuilder.GenesisTimeMs);

        SafetyResult<Vote> result = rules.SignVote(_b.Block(1, _b.GenesisQc, "b"), null, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.Equal(SafetyRule.VoteRoundNotAfterLastVote, result.Refusal!.Rule);
    }

    [Fact]
    public void SignVote_QcNotFromPreviousRoundAndNoTc_Refused()
    {
        Block b3 = _b.Block(3, _b.GenesisQc);

        SafetyResult<Vote> result = Rules().SignVote(b3, null, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.Equal(SafetyRule.BlockDoesNotExtendPreviousRound, result.Refusal!.Rule);
        Assert.Null(result.Message);
    }

    [Fact]
    public void SignVote_TcForPreviousRoundAndQcAtTcHigh_Signs()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        TimeoutCertificate tc2 = _b.Tc(2, qc1);
        Block b3 = _b.Block(3, qc1);

        Assert.True(Rules().SignVote(b3, tc2, _root, ConsensusBuilder.GenesisTimeMs).IsNew);
    }

    [Fact]
    public void SignVote_TcWhoseHighQcIsAboveBlockQc_Refused()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        TimeoutCertificate tc2 = _b.Tc(2, qc1);
        Block b3 = _b.Block(3, _b.GenesisQc);

        Assert.Equal(SafetyRule.BlockBelowTimeoutCertificate, Rules().SignVote(b3, tc2, _root, ConsensusBuilder.GenesisTimeMs).Refusal!.Rule);
    }

    [Fact]
    public void SignVote_AfterTimeoutInSameRound_Refused()
    {
        SafetyRules rules = Rules();
        rules.SignTimeout(1, _b.GenesisQc, null);

        Assert.Equal(SafetyRule.VoteRoundNotAfterLastVote, rules.SignVote(_b.Block(1, _b.GenesisQc), null, _root, ConsensusBuilder.GenesisTimeMs).Refusal!.Rule);
    }

    [Fact]
    public void SignTimeout_SameRoundTwice_ReturnsStoredTimeout()
    {
        SafetyRules rules = Rules();
        RoundTimeout first = rules.SignTimeout(1, _b.GenesisQc, null).Message!;

        SafetyResult<RoundTimeout> again = rules.SignTimeout(1, _b.GenesisQc, null);

        Assert.False(again.IsNew);
        Assert.Same(first, again.Message);
    }

    [Fact]
    public void SignTimeout_RoundBehindLastVote_Refused()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        SafetyRules rules = Rules();
        rules.SignVote(_b.Block(2, qc1), null, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.Equal(SafetyRule.TimeoutRoundBehindLastVote, rules.SignTimeout(1, _b.GenesisQc, null).Refusal!.Rule);
    }

    [Fact]
    public void SignTimeout_HighQcBelowObservedQc_Refused()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        SafetyRules rules = Rules();
        rules.Observe(qc1, null);

        SafetyResult<RoundTimeout> result = rules.SignTimeout(2, _b.GenesisQc, _b.Tc(1, _b.GenesisQc));

        Assert.Equal(SafetyRule.TimeoutHighQcBelowLock, result.Refusal!.Rule);
    }

    [Fact]
    public void SignTimeout_RoundNotEnteredByCertificate_Refused()
    {
        Assert.Equal(SafetyRule.TimeoutRoundNotCertified, Rules().SignTimeout(5, _b.GenesisQc, null).Refusal!.Rule);
    }
}
