using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Execution;
using Ledger.TestKit.Chains;
using Ledger.Transactions;
using Org.BouncyCastle.X509;

namespace Ledger.Tests.Epochs;

/// <summary>The rules of a validator-set change, one test per rule (docs/PROTOCOL.md, "ValidatorSetChange").</summary>
public sealed class ValidatorSetChangeTests
{
    private static readonly EpochChain Chain = new();

    private static ValidatorSetOperation RemoveOrg(int org) => new RemoveOrganisation($"org{org}");

    [Fact]
    public void Execute_AddOrganisationApprovedByQuorum_BeginsEpochOneWithTheNewRoster()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, SigningKey key) = EpochChain.NewOrganisation("org5", 250);

        ExecutionResult result = h.Run(Chain.Approved(1, [add], 1, 2, 3));

        Assert.Equal(ReceiptStatus.Success, result.Receipts[0].Status);
        Assert.Equal(1UL, result.NextEpoch!.Epoch);
        Assert.Equal(1UL, h.State.Epoch);
        Assert.Equal(5, h.State.Roster.Validators.Count);
        Assert.Equal(key.PublicKey, h.State.Roster.Validators[4].ConsensusKey);
        Assert.Equal("org5", h.State.Roster.Organisations[4].Name);
        Assert.Equal(h.State.Roster.Root, h.State.Header.ValidatorsRoot);
        Assert.Equal(1UL, h.State.Header.Epoch);
        Assert.Equal(result.NextEpoch.Roster.Root, ValidatorRoster.FromBytes(result.NextEpoch.Roster.Encoded).Root);
    }

    [Fact]
    public void Execute_BlockWithoutChange_StaysInItsEpoch()
    {
        var h = Chain.Start();
        ExecutionResult result = h.Run();
        Assert.Null(result.NextEpoch);
        Assert.Equal(0UL, h.State.Epoch);
        Assert.Equal(ValidatorRoster.FromGenesis(Chain.Genesis).Root, h.State.Header.ValidatorsRoot);
    }

    [Fact]
    public void Execute_ChangesNotEnabled_FailsWithDisabledAndChangesNothing()
    {
        var h = Chain.Start(enabled: false);
        Hash32 roster = h.State.Roster.Root;

        ExecutionResult result = h.Run(Chain.Approved(1, [RemoveOrg(4)], 1, 2, 3, 4));

        Assert.Equal(ReceiptStatus.ValidatorSetChangesDisabled, result.Receipts[0].Status);
        Assert.Null(result.NextEpoch);
        Assert.Equal((0UL, roster), (h.State.Epoch, h.State.Roster.Root));
    }

    [Fact]
    public void CheckValidatorSetChange_ChangesNotEnabled_IsRefusedWithTheReason()
    {
        var h = Chain.Start(enabled: false);
        AdmissionResult result = MembershipAdmission.CheckValidatorSetChange(Chain.Approved(1, [RemoveOrg(4)], 1, 2, 3), h.State, h.Rules, h.TimestampMs);
        Assert.Equal((AdmissionVerdict.RuleViolation, ReceiptStatus.ValidatorSetChangesDisabled), (result.Verdict, result.Rule));
        Assert.Equal("validator-set changes are not enabled on this node", result.Detail);
    }

    [Fact]
    public void CheckValidatorSetChange_EnabledAndApproved_IsAccepted()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 251);
        Assert.True(MembershipAdmission.CheckValidatorSetChange(Chain.Approved(1, [add], 1, 2, 3), h.State, h.Rules, h.TimestampMs).Accepted);
    }

    [Fact]
    public void CheckValidatorSetChange_OtherChain_IsWrongChainId()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 252);
        ValidatorSetChange other = ValidatorSetChange.Create("other-chain", 1, [add]);
        Assert.Equal(AdmissionVerdict.WrongChainId, MembershipAdmission.CheckValidatorSetChange(other, h.State, h.Rules, h.TimestampMs).Verdict);
        InvalidBlockException e = Assert.Throws<InvalidBlockException>(() => h.Run(other));
        Assert.Equal(InvalidBlockReason.WrongChainId, e.Reason);
    }

    [Fact]
    public void Execute_SameChangeAgain_IsStaleEpoch()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 253);
        ValidatorSetChange change = Chain.Approved(1, [add], 1, 2, 3);
        Assert.Equal(ReceiptStatus.Success, h.RunOne(change));

        Assert.Equal(ReceiptStatus.StaleEpoch, h.RunOne(change));
        Assert.Equal(1UL, h.State.Epoch);
    }

    [Fact]
    public void Execute_ChangeForALaterEpoch_IsFutureEpoch()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 254);
        Assert.Equal(ReceiptStatus.FutureEpoch, h.RunOne(Chain.Approved(2, [add], 1, 2, 3)));
        Assert.Equal(0UL, h.State.Epoch);
    }

    [Fact]
    public void Execute_TwoChangesInOneBlock_SecondIsStaleEpoch()
    {
        var h = Chain.Start();
        (AddOrganisation add5, _, _) = EpochChain.NewOrganisation("org5", 255);
        (AddOrganisation add6, _, _) = EpochChain.NewOrganisation("org6", 256);

        ExecutionResult result = h.Run(Chain.Approved(1, [add5], 1, 2, 3), Chain.Approved(1, [add6], 1, 2, 3));

        Assert.Equal([ReceiptStatus.Success, ReceiptStatus.StaleEpoch], result.Receipts.Select(r => r.Status));
        Assert.Equal(5, h.State.Roster.Validators.Count);
        Assert.Equal(1UL, result.NextEpoch!.Epoch);
    }

    [Fact]
    public void Execute_TwoOfFourOrganisations_IsInsufficientApprovals()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 257);
        Assert.Equal(ReceiptStatus.InsufficientApprovals, h.RunOne(Chain.Approved(1, [add], 1, 2)));
        Assert.Equal(3, h.State.Roster.OrganisationQuorum);
    }

    [Fact]
    public void Execute_TwoApprovalsOfOneOrganisation_CountOnce()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 258);
        Assert.Equal(ReceiptStatus.InsufficientApprovals, h.RunOne(Chain.Approved(1, [add], 1, 1, 2)));
    }

    [Fact]
    public void Execute_ApprovalByAValidatorCertificate_IsApprovalNotAdmin()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 259);
        ValidatorSetChange change = Chain.Approved(1, [add], 1, 2, 3);
        // org4's validator (role validator, not admin) signs too.
        X509Certificate validatorCertificate = PkiPem.ParseCertificate(Chain.Genesis.Validators[3].SigningCertificatePem);
        change = change.WithApproval(change.Approve(Chain.ValidatorKeys[3], validatorCertificate.GetEncoded()));
        Assert.Equal(ReceiptStatus.ApprovalNotAdmin, h.RunOne(change));
    }

    [Fact]
    public void Execute_ApprovalByAnAdminOfAnotherCa_IsApprovalUntrusted()
    {
        var h = Chain.Start();
        (AddOrganisation add, OrganisationCa org5, _) = EpochChain.NewOrganisation("org5", 260);
        // The organisation being added is not a current one: its admin cannot approve its own entry.
        using SigningKey strangerKey = TestChain.KeyFor(261);
        X509Certificate stranger = org5.IssueSigningCertificate("org5-admin", CertificateRole.Admin, strangerKey.PublicKey, TestChain.CaFrom, TestChain.LeafUntil);
        ValidatorSetChange change = Chain.Approved(1, [add], 1, 2);
        change = change.WithApproval(change.Approve(strangerKey, stranger.GetEncoded()));
        Assert.Equal(ReceiptStatus.ApprovalUntrusted, h.RunOne(change));
    }

    [Fact]
    public void Execute_ApprovalWithExpiredAdminCertificate_IsApprovalCertificateInvalid()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 262);
        using SigningKey key = TestChain.KeyFor(263);
        X509Certificate expired = Chain.Cas[2].IssueSigningCertificate("org3-admin2", CertificateRole.Admin, key.PublicKey, TestChain.CaFrom, TestChain.GenesisTime.AddDays(-1));
        ValidatorSetChange change = Chain.Approved(1, [add], 1, 2);
        change = change.WithApproval(change.Approve(key, expired.GetEncoded()));
        Assert.Equal(ReceiptStatus.ApprovalCertificateInvalid, h.RunOne(change));
    }

    [Fact]
    public void Execute_ApprovalRevokedOnTheLedger_IsApprovalRevoked()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 264);
        string serial = CertificateNames.SerialHex(Chain.AdminCertificates[0].SerialNumber);
        Assert.Equal(ReceiptStatus.Success, h.RunOne(TestChain.Revocation(Chain.Cas[0], [serial])));
        Assert.Equal(ReceiptStatus.ApprovalRevoked, h.RunOne(Chain.Approved(1, [add], 1, 2, 3)));
    }

    [Fact]
    public void Execute_ApprovalSignedOverAnotherChange_IsApprovalBadSignature()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 265);
        ValidatorSetChange other = ValidatorSetChange.Create(EpochChain.ChainId, 1, [RemoveOrg(4)]);
        ValidatorSetChange change = Chain.Approved(1, [add], 1, 2)
            .WithApproval(other.Approve(Chain.AdminKeys[2], Chain.AdminCertificates[2].GetEncoded()));
        Assert.Equal(ReceiptStatus.ApprovalBadSignature, h.RunOne(change));
    }

    [Fact]
    public void Execute_AddExistingOrganisation_IsDuplicateOrganisation()
    {
        var h = Chain.Start();
        (SigningKey key, X509Certificate signing, X509Certificate tls) = EpochChain.NewValidator(Chain.Cas[0], "org1-v2", 266);
        var add = new AddOrganisation("org1", Chain.Cas[0].Certificate.GetEncoded(), key.PublicKey, signing.GetEncoded(), tls.GetEncoded());
        Assert.Equal(ReceiptStatus.DuplicateOrganisation, h.RunOne(Chain.Approved(1, [add], 1, 2, 3)));
    }

    [Fact]
    public void Execute_RemoveUnknownOrganisation_IsUnknownOrganisation()
    {
        var h = Chain.Start();
        Assert.Equal(ReceiptStatus.UnknownOrganisation, h.RunOne(Chain.Approved(1, [RemoveOrg(9)], 1, 2, 3)));
    }

    [Fact]
    public void Execute_RemoveBelowFourValidators_IsValidatorSetTooSmall()
    {
        var h = Chain.Start();
        Assert.Equal(ReceiptStatus.ValidatorSetTooSmall, h.RunOne(Chain.Approved(1, [RemoveOrg(4)], 1, 2, 3)));
        Assert.Equal(4, h.State.Roster.Validators.Count);
    }

    [Fact]
    public void Execute_AddThenRemoveAnotherOrganisation_KeepsFourAndDropsTheRemovedValidator()
    {
        var h = Chain.Start();
        (AddOrganisation add, _, SigningKey key) = EpochChain.NewOrganisation("org5", 267);

        Assert.Equal(ReceiptStatus.Success, h.RunOne(Chain.Approved(1, [add, RemoveOrg(2)], 1, 2, 3)));

        Assert.Equal(["org1", "org3", "org4", "org5"], h.State.Roster.Organisations.Select(o => o.Name));
        Assert.Equal([Chain.ValidatorKeys[0].PublicKey, Chain.ValidatorKeys[2].PublicKey, Chain.ValidatorKeys[3].PublicKey, key.PublicKey],
            h.State.Roster.Validators.Select(v => v.ConsensusKey));
    }

    [Fact]
    public void Execute_AddValidatorWithAnExistingConsensusKey_IsDuplicateConsensusKey()
    {
        var h = Chain.Start();
        var ca = OrganisationCa.Create("org5", TestChain.CaFrom, TestChain.CaUntil);
        (SigningKey key, X509Certificate signing, X509Certificate tls) = EpochChain.NewValidator(ca, "org5-v1", 201); // org1's validator key
        var add = new AddOrganisation("org5", ca.Certificate.GetEncoded(), key.PublicKey, signing.GetEncoded(), tls.GetEncoded());
        Assert.Equal(ReceiptStatus.DuplicateConsensusKey, h.RunOne(Chain.Approved(1, [add], 1, 2, 3)));
    }

    [Fact]
    public void Execute_AddValidatorWithBadCertificates_IsValidatorCertificateInvalid()
    {
        var h = Chain.Start();
        var ca = OrganisationCa.Create("org5", TestChain.CaFrom, TestChain.CaUntil);
        (SigningKey key, X509Certificate signing, X509Certificate tls) = EpochChain.NewValidator(ca, "org5-v1", 268);
        (_, X509Certificate memberSigning, _) = EpochChain.NewValidator(ca, "org5-v1", 268, CertificateRole.Member);
        (_, X509Certificate expiredSigning, _) = EpochChain.NewValidator(ca, "org5-v1", 268, notAfter: TestChain.GenesisTime.AddDays(-1));
        (_, _, X509Certificate otherNameTls) = EpochChain.NewValidator(ca, "org5-v2", 269);
        (_, X509Certificate otherKeySigning, _) = EpochChain.NewValidator(ca, "org5-v1", 270);
        byte[] caDer = ca.Certificate.GetEncoded();

        AddOrganisation[] bad =
        [
            new("org5", caDer, key.PublicKey, memberSigning.GetEncoded(), tls.GetEncoded()),
            new("org5", caDer, key.PublicKey, expiredSigning.GetEncoded(), tls.GetEncoded()),
            new("org5", caDer, key.PublicKey, signing.GetEncoded(), otherNameTls.GetEncoded()),
            new("org5", caDer, key.PublicKey, otherKeySigning.GetEncoded(), tls.GetEncoded()),
            new("org5", caDer, key.PublicKey, signing.GetEncoded(), signing.GetEncoded()),
            new("org6", caDer, key.PublicKey, signing.GetEncoded(), tls.GetEncoded()),
        ];

        Assert.All(bad, add => Assert.Equal(ReceiptStatus.ValidatorCertificateInvalid, h.RunOne(Chain.Approved(1, [add], 1, 2, 3))));
        Assert.Equal(ReceiptStatus.Success, h.RunOne(Chain.Approved(1, [new AddOrganisation("org5", caDer, key.PublicKey, signing.GetEncoded(), tls.GetEncoded())], 1, 2, 3)));
    }

    [Fact]
    public void Execute_ReplaceConsensusKey_KeepsTheValidatorsPlace()
    {
        var h = Chain.Start();
        var tlsName = "org2-v1";
        using SigningKey newKey = TestChain.KeyFor(271);
        X509Certificate signing = Chain.Cas[1].IssueSigningCertificate(tlsName, CertificateRole.Validator, newKey.PublicKey, TestChain.CaFrom, TestChain.LeafUntil);

        Assert.Equal(ReceiptStatus.Success, h.RunOne(Chain.Approved(1, [new ReplaceConsensusKey(Chain.ValidatorKeys[1].PublicKey, newKey.PublicKey, signing.GetEncoded())], 1, 2, 3)));

        Assert.Equal(newKey.PublicKey, h.State.Roster.Validators[1].ConsensusKey);
        Assert.Equal(signing.GetEncoded(), h.State.Roster.Validators[1].SigningCertificateDer);
        Assert.Equal(4, h.State.Roster.Validators.Count);
    }

    [Fact]
    public void Execute_ReplaceKeyOfUnknownValidatorOrWithAnotherValidatorsKey_IsRefused()
    {
        var h = Chain.Start();
        using SigningKey stranger = TestChain.KeyFor(272);
        X509Certificate signing = Chain.Cas[1].IssueSigningCertificate("org2-v1", CertificateRole.Validator, stranger.PublicKey, TestChain.CaFrom, TestChain.LeafUntil);
        X509Certificate taken = Chain.Cas[1].IssueSigningCertificate("org2-v1", CertificateRole.Validator, Chain.ValidatorKeys[0].PublicKey, TestChain.CaFrom, TestChain.LeafUntil);

        Assert.Equal(ReceiptStatus.UnknownValidator, h.RunOne(Chain.Approved(1, [new ReplaceConsensusKey(stranger.PublicKey, stranger.PublicKey, signing.GetEncoded())], 1, 2, 3)));
        Assert.Equal(ReceiptStatus.DuplicateConsensusKey, h.RunOne(Chain.Approved(1, [new ReplaceConsensusKey(Chain.ValidatorKeys[1].PublicKey, Chain.ValidatorKeys[0].PublicKey, taken.GetEncoded())], 1, 2, 3)));
    }

    [Fact]
    public void Execute_ReplaceTlsCertificate_ChangesOnlyThatCertificate()
    {
        var h = Chain.Start();
        X509Certificate tls = Chain.Cas[2].IssueTlsCertificate("org3-v1", CertificateRole.Validator, TestChain.CaFrom, TestChain.LeafUntil).Certificate;
        X509Certificate wrongOrg = Chain.Cas[1].IssueTlsCertificate("org3-v1", CertificateRole.Validator, TestChain.CaFrom, TestChain.LeafUntil).Certificate;
        ValidatorEntry before = h.State.Roster.Validators[2];

        Assert.Equal(ReceiptStatus.ValidatorCertificateInvalid, h.RunOne(Chain.Approved(1, [new ReplaceTlsCertificate(before.ConsensusKey, wrongOrg.GetEncoded())], 1, 2, 3)));
        Assert.Equal(ReceiptStatus.Success, h.RunOne(Chain.Approved(1, [new ReplaceTlsCertificate(before.ConsensusKey, tls.GetEncoded())], 1, 2, 3)));

        Assert.Equal(tls.GetEncoded(), h.State.Roster.Validators[2].TlsCertificateDer);
        Assert.Equal(before.SigningCertificateDer, h.State.Roster.Validators[2].SigningCertificateDer);
    }

    [Fact]
    public void Decode_EncodedChange_RoundTripsWithTheSameId()
    {
        (AddOrganisation add, _, _) = EpochChain.NewOrganisation("org5", 273);
        ValidatorSetChange change = Chain.Approved(1, [add, RemoveOrg(2)], 1, 2, 3);

        var decoded = Assert.IsType<ValidatorSetChange>(TransactionCodec.Decode(change.Encoded, 64 * 1024));

        Assert.Equal(change.Id, decoded.Id);
        Assert.Equal(change.SigningBytes(), decoded.SigningBytes());
        Assert.Equal(3, decoded.Approvals.Count);
        Assert.Throws<FormatException>(() => TransactionCodec.Decode([.. change.Encoded, 0], 64 * 1024));
        Assert.Throws<ArgumentException>(() => ValidatorSetChange.Create(EpochChain.ChainId, 1, []));
    }
}
