using Ledger.Crypto.Pki;
using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

public sealed class MembershipTests
{
    private static readonly TestChain Chain = TestChain.Create();

    [Fact]
    public void Enroll_ValidMemberCertificate_CreatesEmptyActiveAccount()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(100, Chain.Org1);
        ExecutionResult result = h.Run(10, TestChain.Enrolment(key, certificate));
        Assert.Equal(ReceiptStatus.Success, result.Receipts[0].Status);
        Assert.True(h.State.TryGetAccount(key.PublicKey, out Account account));
        Assert.Equal(0UL, account.Balance);
        Assert.True(account.IsActive);
        // The new account can now receive.
        Assert.Equal(ReceiptStatus.Success, h.Run(10, Chain.Transfer(0, 0, 1, h.TimestampMs)).Receipts[0].Status);
        Transfer toNew = Transfer.Create(TestChain.ChainId, Chain.Members[0], key.PublicKey, 7, Chain.NextNonce(), h.TimestampMs);
        Assert.Equal(ReceiptStatus.Success, h.Run(0, toNew).Receipts[0].Status);
        Assert.Equal(4_000UL, h.State.TotalSupply);
    }

    [Fact]
    public void Enroll_TwiceOrGenesisMember_AlreadyEnrolled()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(101, Chain.Org2);
        Enroll enroll = TestChain.Enrolment(key, certificate);
        ExecutionResult result = h.Run(0, enroll, TestChain.Enrolment(Chain.Members[0], Chain.CertificateOf(0)));
        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.AlreadyEnrolled], result.Receipts.Select(r => r.Status));
        Assert.Equal(ReceiptStatus.AlreadyEnrolled, h.Run(0, enroll).Receipts[0].Status);
    }

    [Fact]
    public void Enroll_BadCertificates_FailWithPreciseReason()
    {
        var h = new ExecutionHarness(Chain);
        OrganisationCa stranger = OrganisationCa.Create("org9", TestChain.CaFrom, TestChain.CaUntil);
        var (untrustedKey, untrusted) = Chain.NewMember(102, stranger);
        var (adminKey, admin) = Chain.NewMember(103, Chain.Org1, CertificateRole.Admin);
        var (lateKey, late) = Chain.NewMember(104, Chain.Org1, notBefore: TestChain.GenesisTime.AddDays(10));
        var (_, someoneElses) = Chain.NewMember(105, Chain.Org1);
        using var thief = TestChain.KeyFor(106);
        ExecutionResult result = h.Run(0,
            TestChain.Enrolment(untrustedKey, untrusted),
            TestChain.Enrolment(adminKey, admin),
            TestChain.Enrolment(lateKey, late),
            TestChain.Enrolment(thief, someoneElses));
        Assert.Equal(
            [ReceiptStatus.CertificateUntrusted, ReceiptStatus.CertificateWrongRole, ReceiptStatus.CertificateNotYetValid, ReceiptStatus.CertificateKeyMismatch],
            result.Receipts.Select(r => r.Status));
        Assert.Equal(4, h.State.AccountCount);
    }

    [Fact]
    public void Enroll_BerFormOfValidCertificate_IsCertificateMalformed()
    {
        // The same certificate with its outer length in a longer form: BouncyCastle verifies its
        // signature, but a certificate has one byte form (DER), so enrolment refuses it.
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(111, Chain.Org1);
        byte[] der = certificate.GetEncoded();
        Assert.Equal(0x82, der[1]);
        byte[] ber = [0x30, 0x83, 0x00, .. der.AsSpan(2)];

        ExecutionResult result = h.Run(0, Enroll.Create(TestChain.ChainId, key, ber), TestChain.Enrolment(key, certificate));

        Assert.Equal([ReceiptStatus.CertificateMalformed, ReceiptStatus.Success], result.Receipts.Select(r => r.Status));
    }

    [Fact]
    public void Enroll_ExpiredAtBlockTime_Fails()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(107, Chain.Org1, notAfter: TestChain.GenesisTime.AddDays(1));
        long twoDays = 2L * 24 * 3600 * 1000;
        Assert.Equal(ReceiptStatus.CertificateExpired, h.Run(twoDays, TestChain.Enrolment(key, certificate)).Receipts[0].Status);
    }

    [Fact]
    public void Revoke_MemberCertificate_BlocksSendingAndReceivingFromThatHeight()
    {
        var h = new ExecutionHarness(Chain);
        ExecutionResult revoked = h.Run(10, TestChain.Revocation(Chain.OrgOf(1), [Chain.SerialOf(1)]));
        Assert.Equal(ReceiptStatus.Success, revoked.Receipts[0].Status);
        Assert.True(h.State.TryGetAccount(Chain.Members[1].PublicKey, out Account account));
        Assert.Equal(AccountStatus.Revoked, account.Status);
        ExecutionResult after = h.Run(10, Chain.Transfer(1, 0, 1, h.TimestampMs), Chain.Transfer(0, 1, 1, h.TimestampMs));
        Assert.Equal([ReceiptStatus.SenderRevoked, ReceiptStatus.RecipientRevoked], after.Receipts.Select(r => r.Status));
        Assert.Equal(1_000UL, h.BalanceOf(1));
    }

    [Fact]
    public void Revoke_BeforeEnrolment_PreventsEnrolment()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(108, Chain.Org2);
        string serial = CertificateNames.SerialHex(certificate.SerialNumber);
        ExecutionResult result = h.Run(10, TestChain.Revocation(Chain.Org2, [serial]), TestChain.Enrolment(key, certificate));
        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.CertificateRevoked], result.Receipts.Select(r => r.Status));
    }

    [Fact]
    public void Revoke_SameSerialUnderOtherOrganisation_RevokesNothing()
    {
        var h = new ExecutionHarness(Chain);
        // Member 1 belongs to org2; a CRL of org1 naming its serial does not touch it.
        h.Run(10, TestChain.Revocation(Chain.Org1, [Chain.SerialOf(1)]));
        Assert.True(h.State.TryGetAccount(Chain.Members[1].PublicKey, out Account account));
        Assert.True(account.IsActive);
    }

    [Fact]
    public void Revoke_BadCrls_FailWithPreciseReason()
    {
        var h = new ExecutionHarness(Chain);
        OrganisationCa impostor = OrganisationCa.Create("org1", TestChain.CaFrom, TestChain.CaUntil);
        Revoke forged = TestChain.Revocation(impostor, [Chain.SerialOf(0)]);
        Revoke mislabelled = new(TestChain.ChainId, "org2", TestChain.Revocation(Chain.Org1, [Chain.SerialOf(0)]).CrlDer);
        Revoke future = TestChain.Revocation(Chain.Org1, [Chain.SerialOf(0)], thisUpdate: TestChain.GenesisTime.AddDays(3));
        Revoke garbage = new(TestChain.ChainId, "org1", [1, 2, 3]);
        ExecutionResult result = h.Run(10, forged, mislabelled, future, garbage);
        Assert.Equal(
            [ReceiptStatus.CrlBadSignature, ReceiptStatus.UnknownOrganisation, ReceiptStatus.CrlNotYetIssued, ReceiptStatus.CrlMalformed],
            result.Receipts.Select(r => r.Status));
        Assert.True(h.State.TryGetAccount(Chain.Members[0].PublicKey, out Account account));
        Assert.True(account.IsActive);
    }

    [Fact]
    public void Enroll_ForgedProofOfPossession_RejectsBlock()
    {
        var h = new ExecutionHarness(Chain);
        var (key, certificate) = Chain.NewMember(109, Chain.Org1);
        Enroll good = TestChain.Enrolment(key, certificate);
        using var other = TestChain.KeyFor(110);
        var forged = new Enroll(TestChain.ChainId, key.PublicKey, certificate.GetEncoded(), other.Sign(good.SigningBytes()));
        Assert.Equal(InvalidBlockReason.BadSignature, Assert.Throws<InvalidBlockException>(() => h.Run(0, forged)).Reason);
    }
}
