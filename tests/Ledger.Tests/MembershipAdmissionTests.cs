using Ledger.Crypto.Pki;
using Ledger.Execution;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// The mempool's early check of Enroll and Revoke against the committed state: the same refusals
/// execution gives, before a proposal carries them.
/// </summary>
public sealed class MembershipAdmissionTests
{
    private static readonly TestChain Chain = TestChain.Create();

    [Fact]
    public void CheckEnroll_NewMemberWithValidCertificate_Accepted()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(200, Chain.Org1);

        var result = MembershipAdmission.CheckEnroll(TestChain.Enrolment(key, certificate), h.State, Rules, h.Authority, h.TimestampMs);

        Assert.True(result.Accepted, result.ToString());
    }

    [Fact]
    public void CheckEnroll_KeyAlreadyEnrolled_RefusedAlreadyEnrolled()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(201, Chain.Org1);
        Enroll enroll = TestChain.Enrolment(key, certificate);
        h.Run(0, enroll);

        var result = MembershipAdmission.CheckEnroll(enroll, h.State, Rules, h.Authority, h.TimestampMs);

        Assert.Equal((AdmissionVerdict.RuleViolation, ReceiptStatus.AlreadyEnrolled), (result.Verdict, result.Rule));
    }

    [Fact]
    public void CheckEnroll_CertificateRevokedOnTheLedger_RefusedCertificateRevoked()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(202, Chain.Org1);
        h.Run(0, TestChain.Revocation(Chain.Org1, [CertificateNames.SerialHex(certificate.SerialNumber)]));

        var result = MembershipAdmission.CheckEnroll(TestChain.Enrolment(key, certificate), h.State, Rules, h.Authority, h.TimestampMs);

        Assert.Equal((AdmissionVerdict.RuleViolation, ReceiptStatus.CertificateRevoked), (result.Verdict, result.Rule));
    }

    [Fact]
    public void CheckEnroll_AdminCertificate_RefusedWrongRole()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(203, Chain.Org1, CertificateRole.Admin);

        var result = MembershipAdmission.CheckEnroll(TestChain.Enrolment(key, certificate), h.State, Rules, h.Authority, h.TimestampMs);

        Assert.Equal((AdmissionVerdict.RuleViolation, ReceiptStatus.CertificateWrongRole), (result.Verdict, result.Rule));
    }

    [Fact]
    public void CheckEnroll_OtherChain_RefusedWrongChainId()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(204, Chain.Org1);
        var enroll = Enroll.Create("other-chain", key, certificate.GetEncoded());

        var result = MembershipAdmission.CheckEnroll(enroll, h.State, Rules, h.Authority, h.TimestampMs);

        Assert.Equal(AdmissionVerdict.WrongChainId, result.Verdict);
    }

    [Fact]
    public void CheckRevoke_CrlOfItsOrganisation_Accepted()
    {
        var h = new ExecutionHarness(Chain);

        var result = MembershipAdmission.CheckRevoke(TestChain.Revocation(Chain.Org2, [Chain.SerialOf(1)]), Rules, h.Authority, h.TimestampMs);

        Assert.True(result.Accepted, result.ToString());
    }

    [Fact]
    public void CheckRevoke_CrlSubmittedAsAnotherOrganisation_RefusedUnknownOrganisation()
    {
        var h = new ExecutionHarness(Chain);
        var crl = Chain.Org1.IssueCrl([Chain.SerialOf(0)], TestChain.GenesisTime, TestChain.GenesisTime.AddDays(30), 1);
        var revoke = new Revoke(TestChain.ChainId, "org2", crl.Crl.GetEncoded());

        var result = MembershipAdmission.CheckRevoke(revoke, Rules, h.Authority, h.TimestampMs);

        Assert.Equal((AdmissionVerdict.RuleViolation, ReceiptStatus.UnknownOrganisation), (result.Verdict, result.Rule));
    }

    [Fact]
    public void CheckRevoke_OtherChain_RefusedWrongChainId()
    {
        var h = new ExecutionHarness(Chain);
        var crl = Chain.Org1.IssueCrl([Chain.SerialOf(0)], TestChain.GenesisTime, TestChain.GenesisTime.AddDays(30), 1);

        var result = MembershipAdmission.CheckRevoke(new Revoke("other-chain", "org1", crl.Crl.GetEncoded()), Rules, h.Authority, h.TimestampMs);

        Assert.Equal(AdmissionVerdict.WrongChainId, result.Verdict);
    }

    private static LedgerRules Rules => LedgerRules.From(Chain.Genesis);
}
