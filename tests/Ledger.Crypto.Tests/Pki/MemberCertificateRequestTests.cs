using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Ledger.Crypto.Tests.Pki;

/// <summary>
/// A member's PKCS#10 request: made with the member's own key, checked by the CA before it issues
/// (self-signature, Ed25519 key, subject, role, organisation), and issued through the CA's own
/// issuance so the certificate is one the ledger enrolls.
/// </summary>
public sealed class MemberCertificateRequestTests : IClassFixture<PkiFixture>
{
    private readonly PkiFixture _pki;

    public MemberCertificateRequestTests(PkiFixture pki) => _pki = pki;

    [Fact]
    public void Parse_RequestMadeByTheMember_ReadsItsNameOrganisationAndKey()
    {
        using var key = SigningKey.Generate();
        string pem = MemberCertificateRequest.Create(key, "org1", "alice").ToPem();

        MemberCertificateRequest parsed = MemberCertificateRequest.Parse(pem);

        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", pem, StringComparison.Ordinal);
        Assert.Equal("org1", parsed.Organisation);
        Assert.Equal("alice", parsed.Name);
        Assert.Equal(key.PublicKey, parsed.Key);
    }

    [Fact]
    public void IssueBy_OwnOrganisationsCa_GivesMemberCertificateTheValidatorAccepts()
    {
        using var key = SigningKey.Generate();
        MemberCertificateRequest request = MemberCertificateRequest.Parse(MemberCertificateRequest.Create(key, "org1", "alice").ToPem());

        var certificate = request.IssueBy(_pki.Org1, PkiFixture.LeafFrom, PkiFixture.LeafUntil);
        CertificateValidationResult result = _pki.BothOrgs.Validate(certificate, PkiFixture.Now, CertificatePurpose.Signing, CertificateRole.Member);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("alice", result.Identity.Name);
        Assert.Equal("org1", result.Identity.Organisation);
        Assert.Equal(key.PublicKey, result.Identity.SigningKey);
    }

    [Fact]
    public void IssueBy_AnotherOrganisationsCa_RefusedAsWrongOrganisation()
    {
        using var key = SigningKey.Generate();
        MemberCertificateRequest request = MemberCertificateRequest.Parse(MemberCertificateRequest.Create(key, "org1", "alice").ToPem());

        var refusal = Assert.Throws<CertificateRequestException>(() => request.IssueBy(_pki.Org2, PkiFixture.LeafFrom, PkiFixture.LeafUntil));

        Assert.Equal(CertificateRequestRejection.WrongOrganisation, refusal.Rejection);
    }

    [Fact]
    public void Parse_SignedByAnotherKeyThanItCarries_RefusedAsBadSignature()
    {
        // The request names the member's public key but is signed by someone else's: the signer
        // does not hold the key it asks a certificate for.
        using var member = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var subject = CertificateNames.Identity("org1", CertificateRole.Member, "mallory");
        var forged = new Pkcs10CertificationRequest(
            new Asn1SignatureFactory("Ed25519", new Ed25519PrivateKeyParameters(other.ExportSeed())),
            subject,
            new Ed25519PublicKeyParameters(member.PublicKey.ToArray()),
            null);

        var refusal = Assert.Throws<CertificateRequestException>(() => MemberCertificateRequest.Parse(Pem(forged)));

        Assert.Equal(CertificateRequestRejection.BadSignature, refusal.Rejection);
    }

    [Fact]
    public void Parse_EcdsaKeyRequest_RefusedAsWrongKeyType()
    {
        var pair = EcdsaKeys.GenerateP256();
        var request = new Pkcs10CertificationRequest(
            new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, new SecureRandom()),
            CertificateNames.Identity("org1", CertificateRole.Member, "bob"),
            pair.Public,
            null);

        var refusal = Assert.Throws<CertificateRequestException>(() => MemberCertificateRequest.Parse(Pem(request)));

        Assert.Equal(CertificateRequestRejection.WrongKeyType, refusal.Rejection);
    }

    [Fact]
    public void Parse_RequestAskingForAdminRole_RefusedAsWrongRole()
    {
        using var key = SigningKey.Generate();
        var request = new Pkcs10CertificationRequest(
            new Asn1SignatureFactory("Ed25519", new Ed25519PrivateKeyParameters(key.ExportSeed())),
            CertificateNames.Identity("org1", CertificateRole.Admin, "eve"),
            new Ed25519PublicKeyParameters(key.PublicKey.ToArray()),
            null);

        var refusal = Assert.Throws<CertificateRequestException>(() => MemberCertificateRequest.Parse(Pem(request)));

        Assert.Equal(CertificateRequestRejection.WrongRole, refusal.Rejection);
    }

    [Fact]
    public void Parse_SubjectWithoutOrganisation_RefusedAsMalformed()
    {
        using var key = SigningKey.Generate();
        var request = new Pkcs10CertificationRequest(
            new Asn1SignatureFactory("Ed25519", new Ed25519PrivateKeyParameters(key.ExportSeed())),
            new X509Name("CN=alice"),
            new Ed25519PublicKeyParameters(key.PublicKey.ToArray()),
            null);

        var refusal = Assert.Throws<CertificateRequestException>(() => MemberCertificateRequest.Parse(Pem(request)));

        Assert.Equal(CertificateRequestRejection.Malformed, refusal.Rejection);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a request")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")]
    public void Parse_NotARequest_RefusedAsMalformed(string text)
    {
        var refusal = Assert.Throws<CertificateRequestException>(() => MemberCertificateRequest.Parse(text));

        Assert.Equal(CertificateRequestRejection.Malformed, refusal.Rejection);
    }

    [Fact]
    public void Parse_CertificateInsteadOfRequest_RefusedAsMalformed()
    {
        var refusal = Assert.Throws<CertificateRequestException>(() => MemberCertificateRequest.Parse(PkiPem.ToPem(_pki.MemberCert)));

        Assert.Equal(CertificateRequestRejection.Malformed, refusal.Rejection);
    }

    private static string Pem(Pkcs10CertificationRequest request) =>
        System.Security.Cryptography.PemEncoding.WriteString(MemberCertificateRequest.PemLabel, request.GetEncoded()) + "\n";
}
