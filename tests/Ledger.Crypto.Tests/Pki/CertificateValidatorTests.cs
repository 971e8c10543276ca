using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Tests.Pki;

public sealed class CertificateValidatorTests : IClassFixture<PkiFixture>
{
    private readonly PkiFixture _pki;

    public CertificateValidatorTests(PkiFixture pki) => _pki = pki;

    [Fact]
    public void Validate_ValidSigningCertificate_ReturnsIdentityWithKey()
    {
        CertificateValidationResult result = _pki.BothOrgs.Validate(_pki.ValidatorCert, PkiFixture.Now, CertificatePurpose.Signing, CertificateRole.Validator);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("org1", result.Identity.Organisation);
        Assert.Equal(CertificateRole.Validator, result.Identity.Role);
        Assert.Equal("org1-v1", result.Identity.Name);
        Assert.Equal(CertificateNames.SerialHex(_pki.ValidatorCert.SerialNumber), result.Identity.SerialHex);
        Assert.Equal(_pki.ValidatorKey.PublicKey, result.Identity.SigningKey);
        Assert.Equal(PkiFixture.LeafUntil, result.Identity.NotAfter);
    }

    [Fact]
    public void Validate_PemAndDerForms_GiveSameVerdict()
    {
        string pem = PkiPem.ToPem(_pki.MemberCert);

        Assert.True(_pki.BothOrgs.ValidatePem(pem, PkiFixture.Now, requiredRole: CertificateRole.Member).IsValid);
        Assert.True(_pki.BothOrgs.ValidateDer(_pki.MemberCert.GetEncoded(), PkiFixture.Now).IsValid);
    }

    [Fact]
    public void Subject_RoleIsCarriedInOrganisationalUnit()
    {
        Assert.Equal("member", CertificateNames.Get(_pki.MemberCert.SubjectDN, X509Name.OU));
        Assert.Equal("org1", CertificateNames.Get(_pki.MemberCert.SubjectDN, X509Name.O));
        Assert.Equal(-1, _pki.MemberCert.GetBasicConstraints());
        Assert.Equal(0, _pki.Org1.Certificate.GetBasicConstraints());
    }

    [Fact]
    public void Validate_AfterNotAfter_IsExpired()
    {
        AssertRejected(CertificateRejection.Expired, _pki.BothOrgs.Validate(_pki.ValidatorCert, PkiFixture.LeafUntil.AddSeconds(1)));
    }

    [Fact]
    public void Validate_AtNotAfterExactly_IsStillValid()
    {
        Assert.True(_pki.BothOrgs.Validate(_pki.ValidatorCert, PkiFixture.LeafUntil).IsValid);
    }

    [Fact]
    public void Validate_BeforeNotBefore_IsNotYetValid()
    {
        AssertRejected(CertificateRejection.NotYetValid, _pki.BothOrgs.Validate(_pki.ValidatorCert, PkiFixture.LeafFrom.AddSeconds(-1)));
    }

    [Fact]
    public void Validate_IssuerNotTrusted_IsUnknownCa()
    {
        var onlyOrg2 = new CertificateValidator([_pki.Org2.Certificate]);

        AssertRejected(CertificateRejection.UnknownCa, onlyOrg2.Validate(_pki.ValidatorCert, PkiFixture.Now));
    }

    [Fact]
    public void Validate_SignedByAnotherOrganisationsCa_IsBadSignature()
    {
        // Claims org1's CA as issuer and org1 as organisation, but org2's CA key signed it.
        X509Certificate forged = PkiFixture.Forge(
            _pki.Org1.Certificate.SubjectDN, _pki.Org2Key,
            CertificateNames.Identity("org1", CertificateRole.Validator, "org1-evil"), PkiFixture.Ed25519Of(_pki.MemberKey));

        AssertRejected(CertificateRejection.BadSignature, _pki.BothOrgs.Validate(forged, PkiFixture.Now));
    }

    [Fact]
    public void Validate_CaIssuesForAnotherOrganisation_IsOrganisationMismatch()
    {
        // org2's CA honestly signs, but for a subject in org1: no CA may speak for another organisation.
        X509Certificate foreign = PkiFixture.Forge(
            _pki.Org2.Certificate.SubjectDN, _pki.Org2Key,
            CertificateNames.Identity("org1", CertificateRole.Admin, "org1-admin"), PkiFixture.Ed25519Of(_pki.MemberKey));

        AssertRejected(CertificateRejection.OrganisationMismatch, _pki.BothOrgs.Validate(foreign, PkiFixture.Now));
    }

    [Fact]
    public void Validate_IssuedByLeafPresentedInChain_IsIssuerNotCa()
    {
        // A validator uses its TLS key to mint an admin identity and presents its own TLS
        // certificate as the issuer.
        X509Certificate leaf = _pki.ValidatorTls.Certificate;
        X509Certificate minted = PkiFixture.Forge(
            leaf.SubjectDN, _pki.ValidatorTls.PrivateKey,
            CertificateNames.Identity("org1", CertificateRole.Admin, "org1-admin2"), PkiFixture.Ed25519Of(_pki.MemberKey));

        AssertRejected(CertificateRejection.IssuerNotCa, _pki.BothOrgs.Validate(minted, PkiFixture.Now, presentedChain: [leaf]));
        AssertRejected(CertificateRejection.UnknownCa, _pki.BothOrgs.Validate(minted, PkiFixture.Now));
    }

    [Fact]
    public void Validate_TrustedCertificateIsNotCa_IsIssuerNotCa()
    {
        // A misconfigured trust set holding a leaf must not let that leaf issue identities.
        X509Certificate leaf = _pki.ValidatorTls.Certificate;
        X509Certificate minted = PkiFixture.Forge(
            leaf.SubjectDN, _pki.ValidatorTls.PrivateKey,
            CertificateNames.Identity("org1", CertificateRole.Member, "org1-m9"), PkiFixture.Ed25519Of(_pki.MemberKey));
        var misconfigured = new CertificateValidator([leaf]);

        AssertRejected(CertificateRejection.IssuerNotCa, misconfigured.Validate(minted, PkiFixture.Now));
    }

    [Fact]
    public void Validate_RoleDiffersFromRequired_IsWrongRole()
    {
        AssertRejected(CertificateRejection.WrongRole,
            _pki.BothOrgs.Validate(_pki.MemberCert, PkiFixture.Now, CertificatePurpose.Signing, CertificateRole.Validator));
        Assert.True(_pki.BothOrgs.Validate(_pki.MemberCert, PkiFixture.Now, CertificatePurpose.Signing, CertificateRole.Member).IsValid);
    }

    [Fact]
    public void Validate_SerialInRevocationList_IsRevoked()
    {
        string serial = CertificateNames.SerialHex(_pki.MemberCert.SerialNumber);
        CertificateValidator revoking = _pki.BothOrgs.WithRevocations(RevocationList.Empty.Add("org1", serial));

        AssertRejected(CertificateRejection.Revoked, revoking.Validate(_pki.MemberCert, PkiFixture.Now));
        Assert.True(revoking.Validate(_pki.ValidatorCert, PkiFixture.Now).IsValid);
    }

    [Fact]
    public void Validate_SameSerialRevokedByOtherOrganisation_IsNotRevoked()
    {
        string serial = CertificateNames.SerialHex(_pki.MemberCert.SerialNumber);
        CertificateValidator revoking = _pki.BothOrgs.WithRevocations(RevocationList.Empty.Add("org2", serial));

        Assert.True(revoking.Validate(_pki.MemberCert, PkiFixture.Now).IsValid);
    }

    [Fact]
    public void Validate_TamperedSignatureBytes_IsBadSignature()
    {
        byte[] der = _pki.ValidatorCert.GetEncoded();
        der[^1] ^= 0x01; // last byte of the ECDSA signature's s: the DER stays well-formed

        AssertRejected(CertificateRejection.BadSignature, _pki.BothOrgs.ValidateDer(der, PkiFixture.Now));
    }

    [Fact]
    public void Validate_TamperedSubjectName_IsBadSignature()
    {
        byte[] der = _pki.MemberCert.GetEncoded();
        int at = IndexOf(der, "org1-m1"u8.ToArray());
        der[at + 6] = (byte)'9';

        CertificateValidationResult result = _pki.BothOrgs.ValidateDer(der, PkiFixture.Now);

        AssertRejected(CertificateRejection.BadSignature, result);
    }

    [Fact]
    public void Validate_TlsCertificateForSigning_IsWrongKeyType()
    {
        AssertRejected(CertificateRejection.WrongKeyType,
            _pki.BothOrgs.Validate(_pki.ValidatorTls.Certificate, PkiFixture.Now, CertificatePurpose.Signing));
        AssertRejected(CertificateRejection.WrongKeyType,
            _pki.BothOrgs.Validate(_pki.ValidatorCert, PkiFixture.Now, CertificatePurpose.Tls));
    }

    [Fact]
    public void Validate_NoDigitalSignatureUsage_IsKeyUsage()
    {
        X509Certificate noUsage = PkiFixture.Forge(
            _pki.Org1.Certificate.SubjectDN, _pki.Org1Key,
            CertificateNames.Identity("org1", CertificateRole.Member, "org1-m7"), PkiFixture.Ed25519Of(_pki.MemberKey),
            keyUsage: KeyUsage.KeyEncipherment);

        AssertRejected(CertificateRejection.KeyUsage, _pki.BothOrgs.Validate(noUsage, PkiFixture.Now));
    }

    [Fact]
    public void Validate_LeafMarkedCa_IsKeyUsage()
    {
        X509Certificate caLeaf = PkiFixture.Forge(
            _pki.Org1.Certificate.SubjectDN, _pki.Org1Key,
            CertificateNames.Identity("org1", CertificateRole.Member, "org1-m8"), PkiFixture.Ed25519Of(_pki.MemberKey),
            isCa: true);

        AssertRejected(CertificateRejection.KeyUsage, _pki.BothOrgs.Validate(caLeaf, PkiFixture.Now));
    }

    [Fact]
    public void Validate_SubjectWithoutRole_IsSubjectNameAndGarbageIsMalformed()
    {
        AssertRejected(CertificateRejection.SubjectName, _pki.BothOrgs.Validate(_pki.Org1.Certificate, PkiFixture.Now));
        AssertRejected(CertificateRejection.Malformed, _pki.BothOrgs.ValidatePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", PkiFixture.Now));
        AssertRejected(CertificateRejection.Malformed, _pki.BothOrgs.ValidateDer([0x30, 0x03, 0x02, 0x01, 0x01], PkiFixture.Now));
    }

    [Fact]
    public void Validate_CaExpiredBeforeLeaf_IsExpired()
    {
        var shortCa = OrganisationCa.Create("org3", PkiFixture.CaFrom, PkiFixture.Now);
        X509Certificate leaf = shortCa.IssueSigningCertificate("org3-m1", CertificateRole.Member, _pki.MemberKey.PublicKey, PkiFixture.CaFrom, PkiFixture.Now);
        var validator = new CertificateValidator([shortCa.Certificate]);

        AssertRejected(CertificateRejection.Expired, validator.Validate(leaf, PkiFixture.Now.AddDays(1)));
    }

    [Fact]
    public void Validate_TlsCertificateAsDotNetCertificate_IsValidWithPrivateKey()
    {
        using System.Security.Cryptography.X509Certificates.X509Certificate2 dotnet = _pki.ValidatorTls.ToX509Certificate2();

        CertificateValidationResult result = _pki.BothOrgs.Validate(dotnet, PkiFixture.Now, CertificatePurpose.Tls, CertificateRole.Validator);

        Assert.True(dotnet.HasPrivateKey);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("org1-v1", result.Identity.Name);
        Assert.Null(result.Identity.SigningKey);
        Assert.Equal(_pki.ValidatorCert.SubjectDN.ToString(), _pki.ValidatorTls.Certificate.SubjectDN.ToString());
    }

    [Fact]
    public void TlsCertificate_LoadsWithDotNetCreateFromPem()
    {
        using var dotnet = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            _pki.ValidatorTls.CertificatePem, _pki.ValidatorTls.ExportKeyPem());

        Assert.True(dotnet.HasPrivateKey);
        Assert.Contains("OU=validator", dotnet.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsCertificate_EncryptedKey_LoadsOnlyWithPassphrase()
    {
        string keyPem = _pki.ValidatorTls.ExportKeyPem("s3cret");

        using var loaded = TlsCertificates.Load(_pki.ValidatorTls.CertificatePem, keyPem, "s3cret");
        KeyFileException e = Assert.Throws<KeyFileException>(() => TlsCertificates.Load(_pki.ValidatorTls.CertificatePem, keyPem, "wrong"));

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(KeyFileError.WrongPassphrase, e.Error);
    }

    [Fact]
    public void OrganisationCa_LoadWithForeignKey_Throws()
    {
        string foreignKey = _pki.Org2.ExportKeyPem();

        Assert.Throws<ArgumentException>(() => OrganisationCa.Load(_pki.Org1.CertificatePem, foreignKey));
        Assert.Equal("org1", OrganisationCa.Load(_pki.Org1.CertificatePem, _pki.Org1.ExportKeyPem()).Organisation);
    }

    [Fact]
    public void IssueSigningCertificate_OutsideCaValidity_Throws()
    {
        Assert.Throws<ArgumentException>(() => _pki.Org1.IssueSigningCertificate(
            "org1-m5", CertificateRole.Member, _pki.MemberKey.PublicKey, PkiFixture.CaFrom, PkiFixture.CaUntil.AddDays(1)));
        Assert.Throws<ArgumentException>(() => _pki.Org1.IssueSigningCertificate(
            "../etc", CertificateRole.Member, _pki.MemberKey.PublicKey, PkiFixture.LeafFrom, PkiFixture.LeafUntil));
    }

    private static void AssertRejected(CertificateRejection expected, CertificateValidationResult result)
    {
        Assert.False(result.IsValid, $"expected {expected}, got {result}");
        Assert.Equal(expected, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("needle not found");
    }
}
