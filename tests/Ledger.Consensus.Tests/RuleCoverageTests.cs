using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Sync;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Rules that survived a mutation run (the check was removed and every other test still passed);
/// each test here fails when its rule is removed. See docs/rule-coverage.md.
/// </summary>
public sealed class RuleCoverageTests
{
    private readonly ConsensusBuilder _b = new(4);
    private readonly Hash32 _root = Hash32.Sha256("state"u8);
    private static readonly BlockTimeWindow Window = ConsensusParameters.ForTests().TimeWindow;

    [Fact]
    public void SignVote_TcForAnOlderRoundThanThePreviousOne_Refused()
    {
        // B4 extends QC(1) and carries a TC for round 2, not 3: the TC does not justify skipping round 3,
        // even though B4's QC is as high as every QC the TC reports.
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        TimeoutCertificate tc2 = _b.Tc(2, qc1);
        Block b4 = _b.Block(4, qc1);
        var rules = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), SafetyData.Initial);

        SafetyResult<Vote> result = rules.SignVote(b4, tc2, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.Null(result.Message);
        Assert.Equal(SafetyRule.BlockDoesNotExtendPreviousRound, result.Refusal!.Rule);
    }

    [Fact]
    public void CheckTc_FewerThanAQuorumOfSigners_Rejected()
    {
        // n = 4 needs 3 signers; two valid entries are not a certificate.
        TimeoutCertificate two = _b.Tc(1, _b.GenesisQc, [0, 1]);

        Assert.Contains("quorum", _b.Verifier().CheckTc(two), StringComparison.Ordinal);
        Assert.Null(_b.Verifier().CheckTc(_b.Tc(1, _b.GenesisQc, [0, 1, 3])));
    }

    [Fact]
    public void CheckTimeout_SignerNotAValidator_RejectedWithoutThrowing()
    {
        RoundTimeout stranger = _b.Timeout(1, _b.GenesisQc, 0) with { Signer = 9 };

        Assert.Contains("not a validator", _b.Verifier().CheckTimeout(stranger), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckProposal_TcNotForThePreviousRound_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        Block b4 = _b.Block(4, qc1);

        Assert.Contains("carries a TC for round 2", _b.Verifier().CheckProposal(new Proposal(b4, _b.Tc(2, qc1)), 1024), StringComparison.Ordinal);
        Assert.Null(_b.Verifier().CheckProposal(new Proposal(b4, _b.Tc(3, qc1)), 1024));
    }

    [Fact]
    public void CheckTc_EntryClaimingAHighQcAtOrAboveTheTcRound_Rejected()
    {
        // Correctly signed entries that claim a QC of the TC's own round: the TC would raise the
        // bar of the voting rule to a round nobody certified.
        TimeoutSignature[] entries =
        [
            .. new[] { 0, 1, 2 }.Select(i => new TimeoutSignature(i, 2, ConsensusBuilder.Key(i).Sign(RoundTimeout.SigningBytes(_b.ChainId, 0, 2, 2)))),
        ];

        Assert.Contains("claims high QC round", _b.Verifier().CheckTc(new TimeoutCertificate(2, entries)), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckTimeout_HighQcNotBelowItsRound_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        RoundTimeout sameRound = RoundTimeout.Create(_b.ChainId, 1, qc1, null, 0, ConsensusBuilder.Key(0));

        Assert.Contains("carries high QC round 1", _b.Verifier().CheckTimeout(sameRound), StringComparison.Ordinal);
        Assert.Null(_b.Verifier().CheckTimeout(RoundTimeout.Create(_b.ChainId, 2, qc1, null, 0, ConsensusBuilder.Key(0))));
    }

    [Fact]
    public void CheckVote_DataWithParentRoundNotBelowRound_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        VoteData malformed = ConsensusBuilder.VoteDataFor(b1, _root) with { ParentRound = 1 };
        Vote vote = Vote.Create(_b.ChainId, malformed, 0, b1.TimestampMs, ConsensusBuilder.Key(0));

        Assert.Contains("malformed", _b.Verifier().CheckVote(vote), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckQc_DataWithParentRoundNotBelowRound_Rejected()
    {
        // Quorum-signed data that claims its parent is not older: a QC no honest vote can make,
        // which would turn the two-chain rule's "consecutive rounds" test meaningless.
        Block b1 = _b.Block(1, _b.GenesisQc);
        VoteData malformed = ConsensusBuilder.VoteDataFor(b1, _root) with { ParentRound = 1 };
        byte[] message = malformed.SigningBytes(_b.ChainId, b1.TimestampMs);
        var qc = new QuorumCertificate(malformed, [.. new[] { 0, 1, 2 }.Select(i => new SignerSignature(i, b1.TimestampMs, ConsensusBuilder.Key(i).Sign(message)))]);

        Assert.Contains("parent round", _b.Verifier().CheckQc(qc), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBlock_SignedByTheLeaderButNotExtendingItsJustifyQc_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, _root);
        Block[] broken =
        [
            SignedBlock(2, height: 3, qc1.BlockId, qc1),                     // skips a height
            SignedBlock(2, height: 2, Hash32.Sha256("elsewhere"u8), qc1),    // parent is not the certified block
            SignedBlock(1, height: 2, qc1.BlockId, qc1),                     // justify QC not from an earlier round
        ];

        Assert.Null(_b.Verifier().CheckBlock(SignedBlock(2, height: 2, qc1.BlockId, qc1), 1024));
        Assert.All(broken, b => Assert.Contains("does not extend its justify QC", _b.Verifier().CheckBlock(b, 1024), StringComparison.Ordinal));
    }

    /// <summary>A block with arbitrary structure, correctly signed by its round's leader.</summary>
    private Block SignedBlock(ulong round, ulong height, Hash32 parentId, QuorumCertificate justify)
    {
        int leader = _b.Validators.LeaderOf(round);
        byte[] payload = [1, 2, 3];
        long timestamp = ConsensusBuilder.GenesisTimeMs + 100;
        var unsigned = new Block(_b.ChainId, round, height, parentId, justify, payload, timestamp, leader, ConsensusBuilder.Key(leader).Sign([0]));
        Signature signature = ConsensusBuilder.Key(leader).Sign(Block.ProposalSigningBytes(_b.ChainId, unsigned.Id));
        return new Block(_b.ChainId, round, height, parentId, justify, payload, timestamp, leader, signature);
    }

    [Fact]
    public void SyncVerifier_TipQcWithForgedSignatures_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate genuine = _b.Qc(b1, _root);
        QuorumCertificate forged = genuine with { Signatures = [.. genuine.Signatures.Select(s => s with { Signature = genuine.Signatures[0].Signature })] };

        Assert.Null(SyncVerifier.Check(new SyncResponse([b1], genuine), _b.Verifier(), 1024, Window));
        Assert.StartsWith("tip QC:", SyncVerifier.Check(new SyncResponse([b1], forged), _b.Verifier(), 1024, Window), StringComparison.Ordinal);
    }
}
