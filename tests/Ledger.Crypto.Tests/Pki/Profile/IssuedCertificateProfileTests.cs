using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>What the project itself issues (ledger pki, testnet init) meets the profile, and bad requests are refused before issuing.</summary>
public sealed class IssuedCertificateProfileTests(PkiFixture pki) : IClassFixture<PkiFixture>
{
    [Fact]
    public void Issue_CaSigningTlsAndCrl_MeetTheProfile()
    {
        var validator = new CertificateValidator([pki.Org1.Certificate]);
        OrganisationCrl crl = pki.Org1.IssueCrl([CertificateNames.SerialHex(pki.MemberCert.SerialNumber)], PkiFixture.Now, PkiFixture.Now.AddDays(30), 1);

        Assert.Null(CertificateValidator.CheckAuthority(pki.Org1.Certificate));
        ProfileAssert.Valid(validator.ValidateDer(pki.ValidatorCert.GetEncoded(), PkiFixture.Now, CertificatePurpose.Signing));
        ProfileAssert.Valid(validator.ValidateDer(pki.ValidatorTls.Certificate.GetEncoded(), PkiFixture.Now, CertificatePurpose.Tls));
        ProfileAssert.Valid(validator.ValidateCrlDer(crl.Crl.GetEncoded()));
    }

    [Fact]
    public void IssueSigningCertificate_AuthorityKeyIdentifier_IsKeyIdentifierOnly()
    {
        var identifier = AuthorityKeyIdentifier.GetInstance(
            pki.MemberCert.CertificateStructure.TbsCertificate.Extensions.GetExtensionParsedValue(X509Extensions.AuthorityKeyIdentifier));

        Assert.NotNull(identifier.KeyIdentifier);
        Assert.Null(identifier.AuthorityCertIssuer);
        Assert.Null(identifier.AuthorityCertSerialNumber);
    }

    [Fact]
    public void IssueCrl_Entries_CarryNoReasonCode()
    {
        OrganisationCrl crl = pki.Org1.IssueCrl(["1f", "2e"], PkiFixture.Now, PkiFixture.Now.AddDays(30), 2);

        Assert.All(crl.Crl.CertificateList.GetRevokedCertificates(), entry => Assert.Null(entry.Extensions));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("a..b")]
    [InlineData("*.example")]
    public void IssueTlsCertificate_DnsNameOutsideProfile_Throws(string dns)
    {
        Assert.Throws<ArgumentException>(() => pki.Org1.IssueTlsCertificate("org1-v9", CertificateRole.Validator, PkiFixture.LeafFrom, PkiFixture.LeafUntil, [dns]));
    }

    [Fact]
    public void IssueTlsCertificate_NameThatIsNoDnsName_Throws()
    {
        // "org1..v9" is a valid identity name (CertificateNames.IsValidName) but has an empty DNS label.
        Assert.Throws<ArgumentException>(() => pki.Org1.IssueTlsCertificate("org1..v9", CertificateRole.Validator, PkiFixture.LeafFrom, PkiFixture.LeafUntil));
    }

    [Fact]
    public void Load_CaCertificateOutsideProfile_Throws()
    {
        // A self-signed P-256 CA whose basicConstraints is not critical.
        var key = EcdsaKeys.GenerateP256();
        X509Certificate ca = ProfileFixture.Authority(CertificateNames.Ca("org7"), key, "SHA256WITHECDSA")
            .Critical(X509Extensions.BasicConstraints, false).Sign();

        ArgumentException e = Assert.Throws<ArgumentException>(() => OrganisationCa.Load(PkiPem.ToPem(ca), KeyFile.ExportEcdsaKey((Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters)key.Private)));
        Assert.Contains("ExtensionCriticality", e.Message, StringComparison.Ordinal);
    }
}
