using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
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

        SafetyResult<Vote> result = rules.SignVote(b4, tc2, _root);

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
}
