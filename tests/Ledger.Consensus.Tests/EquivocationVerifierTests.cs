using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>Evidence checked with the chain id and the genesis keys alone; each fault has its own rule.</summary>
public sealed class EquivocationVerifierTests
{
    private static readonly ConsensusBuilder B = new(4);
    private static readonly SignedBlockHeader A = SignedBlockHeader.Of(B.Block(1, B.GenesisQc, "a"));
    private static readonly SignedBlockHeader Twin = SignedBlockHeader.Of(B.Block(1, B.GenesisQc, "b"));

    [Fact]
    public void Check_TwoProposalHeadersOfOneRound_Genuine()
    {
        Assert.Null(Check(new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, A, Twin)));
    }

    [Fact]
    public void Check_TwoVotesAndTwoTimeouts_Genuine()
    {
        Block b1 = B.Block(1, B.GenesisQc);
        QuorumCertificate qc1 = B.Qc(b1, ConsensusBuilder.StateAfter(B.GenesisStateRoot, b1));
        var votes = new EquivocationEvidence(EquivocationKind.Vote, 2, 1, B.Vote(b1, Hash32.Sha256("x"u8), 2), B.Vote(b1, Hash32.Sha256("y"u8), 2));
        var timeouts = new EquivocationEvidence(EquivocationKind.Timeout, 3, 2,
            SignedTimeoutRound.Of(B.Timeout(2, B.GenesisQc, 3)), SignedTimeoutRound.Of(B.Timeout(2, qc1, 3)));

        Assert.Null(Check(votes));
        Assert.Null(Check(timeouts));
    }

    [Fact]
    public void Check_OffenderOutsideGenesis_UnknownOffender() =>
        Assert.Equal(EquivocationFault.UnknownOffender, Check(new EquivocationEvidence(EquivocationKind.Proposal, 4, 1, A, Twin))!.Fault);

    [Fact]
    public void Check_StatementsOfAnotherKind_WrongStatementKind()
    {
        Vote vote = B.Vote(B.Block(1, B.GenesisQc), Hash32.Sha256("x"u8), 1);

        Assert.Equal(EquivocationFault.WrongStatementKind, Check(new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, A, vote))!.Fault);
    }

    [Fact]
    public void Check_StatementOfAnotherValidator_NotByOffender()
    {
        SignedBlockHeader other = SignedBlockHeader.Of(B.Block(1, B.GenesisQc, "c", proposer: 2));

        Assert.Equal(EquivocationFault.NotByOffender, Check(new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, A, other))!.Fault);
    }

    [Fact]
    public void Check_StatementsOfTwoRounds_WrongRound()
    {
        SignedBlockHeader round5 = SignedBlockHeader.Of(B.Block(5, B.GenesisQc, "a"));

        Assert.Equal(EquivocationFault.WrongRound, Check(new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, A, round5))!.Fault);
    }

    [Fact]
    public void Check_TheSameHeaderTwice_NoConflict() =>
        Assert.Equal(EquivocationFault.NoConflict, Check(new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, A, A))!.Fault);

    [Fact]
    public void Check_HeaderAlteredUnderItsSignature_BadSignature()
    {
        SignedBlockHeader forged = A with { TimestampMs = A.TimestampMs + 1 };

        Assert.Equal(EquivocationFault.BadSignature, Check(new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, A, forged))!.Fault);
    }

    [Fact]
    public void Check_EvidenceForAnotherChain_BadSignature() =>
        Assert.Equal(EquivocationFault.BadSignature,
            EquivocationVerifier.Check(new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, A, Twin), "other-chain", B.Validators)!.Fault);

    private static EquivocationRejection? Check(EquivocationEvidence evidence) => EquivocationVerifier.Check(evidence, B.ChainId, B.Validators);
}
