using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;
using Org.BouncyCastle.X509;

namespace Ledger.Tests.Epochs;

/// <summary>
/// Members are enrolled and revoked by the organisations of the block's epoch (the committed
/// roster), not by genesis's: an added organisation enrols from the next block on, a removed one
/// enrols and revokes no more, and its existing members keep their accounts (docs/ARCHITECTURE.md,
/// "Membership by epoch").
/// </summary>
public sealed class EpochMembershipTests
{
    private static readonly EpochChain Four = new();
    private static readonly EpochChain Five = new(organisations: 5);

    private static Enroll MemberOf(OrganisationCa ca, string name, int seed, out X509Certificate certificate)
    {
        SigningKey key = TestChain.KeyFor(seed);
        certificate = ca.IssueSigningCertificate(name, CertificateRole.Member, key.PublicKey, TestChain.CaFrom, TestChain.LeafUntil);
        return TestChain.Enrolment(key, certificate);
    }

    [Fact]
    public void Execute_EnrolByAddedOrganisation_SucceedsOnceTheChangeIsCommitted()
    {
        var h = Four.Start();
        (AddOrganisation add, OrganisationCa org5, _) = EpochChain.NewOrganisation("org5", 290);
        Enroll enroll = MemberOf(org5, "org5-m1", 291, out _);
        Assert.Equal(ReceiptStatus.CertificateUntrusted, h.RunOne(enroll));

        Assert.Equal(ReceiptStatus.Success, h.RunOne(Four.Approved(1, [add], 1, 2, 3)));

        Assert.Equal(ReceiptStatus.Success, h.RunOne(enroll));
        Assert.True(h.State.TryGetAccount(enroll.MemberKey, out _));
    }

    [Fact]
    public void Execute_EnrolInTheBlockThatAddsTheOrganisation_IsJudgedByTheBlocksEpoch()
    {
        var h = Four.Start();
        (AddOrganisation add, OrganisationCa org5, _) = EpochChain.NewOrganisation("org5", 292);
        Enroll enroll = MemberOf(org5, "org5-m1", 293, out _);

        ExecutionResult result = h.Run(Four.Approved(1, [add], 1, 2, 3), enroll);

        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.CertificateUntrusted], result.Receipts.Select(r => r.Status));
    }

    [Fact]
    public void Execute_RevokeByAddedOrganisation_RevokesItsMember()
    {
        var h = Four.Start();
        (AddOrganisation add, OrganisationCa org5, _) = EpochChain.NewOrganisation("org5", 294);
        Assert.Equal(ReceiptStatus.Success, h.RunOne(Four.Approved(1, [add], 1, 2, 3)));
        Enroll enroll = MemberOf(org5, "org5-m1", 295, out X509Certificate certificate);
        Assert.Equal(ReceiptStatus.Success, h.RunOne(enroll));

        Revoke revoke = TestChain.Revocation(org5, [CertificateNames.SerialHex(certificate.SerialNumber)], thisUpdate: DateTimeOffset.FromUnixTimeMilliseconds(h.TimestampMs));

        Assert.Equal(ReceiptStatus.Success, h.RunOne(revoke));
        Assert.True(h.State.TryGetAccount(enroll.MemberKey, out Account account));
        Assert.Equal(AccountStatus.Revoked, account.Status);
    }

    [Fact]
    public void Execute_EnrolByRemovedOrganisation_IsCertificateUntrusted()
    {
        var h = Five.Start();
        Enroll before = MemberOf(Five.Cas[4], "org5-m2", 296, out _);
        Enroll after = MemberOf(Five.Cas[4], "org5-m3", 297, out _);
        Assert.Equal(ReceiptStatus.Success, h.RunOne(before));

        Assert.Equal(ReceiptStatus.Success, h.RunOne(Five.Approved(1, [new RemoveOrganisation("org5")], 1, 2, 3, 4)));

        Assert.Equal(ReceiptStatus.CertificateUntrusted, h.RunOne(after));
        Assert.False(h.State.TryGetAccount(after.MemberKey, out _));
    }

    [Fact]
    public void Execute_RemovedOrganisationsExistingMember_KeepsTransactingButCannotBeRevokedByItsCa()
    {
        var h = Five.Start();
        SigningKey member = TestChain.KeyFor(5);
        PublicKey recipient = TestChain.KeyFor(1).PublicKey;
        Assert.Equal(ReceiptStatus.Success, h.RunOne(Five.Approved(1, [new RemoveOrganisation("org5")], 1, 2, 3, 4)));

        Transfer transfer = Transfer.Create(EpochChain.ChainId, member, recipient, 10, new TransferNonce(1, 1), h.TimestampMs + 1_000);
        Assert.Equal(ReceiptStatus.Success, h.RunOne(transfer));

        Revoke revoke = TestChain.Revocation(Five.Cas[4], [CertificateNames.SerialHex(PkiPem.ParseCertificate(Five.Genesis.Members[4].CertificatePem).SerialNumber)]);
        Assert.Equal(ReceiptStatus.UnknownOrganisation, h.RunOne(revoke));
        Assert.True(h.State.TryGetAccount(member.PublicKey, out Account account));
        Assert.Equal((AccountStatus.Active, 990UL), (account.Status, account.Balance));
    }

    [Fact]
    public void CheckEnroll_CommittedRosterOfAddedOrganisation_IsAccepted()
    {
        var h = Four.Start();
        (AddOrganisation add, OrganisationCa org5, _) = EpochChain.NewOrganisation("org5", 298);
        Enroll enroll = MemberOf(org5, "org5-m1", 299, out _);
        Assert.Equal(ReceiptStatus.CertificateUntrusted, MembershipAdmission.CheckEnroll(enroll, h.State, h.Rules, h.State.Roster.Membership, h.TimestampMs).Rule);

        Assert.Equal(ReceiptStatus.Success, h.RunOne(Four.Approved(1, [add], 1, 2, 3)));

        Assert.True(MembershipAdmission.CheckEnroll(enroll, h.State, h.Rules, h.State.Roster.Membership, h.TimestampMs).Accepted);
    }
}
