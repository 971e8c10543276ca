using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>What a CA and an identity certificate may be used for.</summary>
public sealed class CertificateUsageTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    [Fact]
    public void Validate_LeafKeyUsageBeyondDigitalSignature_IsKeyUsage()
    {
        CertificateSpec spec = pki.Signing.With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));

        ProfileAssert.Rejected(CertificateRejection.KeyUsage, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_TlsExtendedKeyUsageWithExtraPurpose_IsKeyUsage()
    {
        CertificateSpec spec = pki.Tls.With(X509Extensions.ExtendedKeyUsage, false,
            new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth, KeyPurposeID.id_kp_codeSigning));

        ProfileAssert.Rejected(CertificateRejection.KeyUsage, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now, CertificatePurpose.Tls));
    }

    [Fact]
    public void Validate_TlsExtendedKeyUsageServerOnly_IsKeyUsage()
    {
        CertificateSpec spec = pki.Tls.With(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth));

        ProfileAssert.Rejected(CertificateRejection.KeyUsage, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now, CertificatePurpose.Tls));
    }

    [Fact]
    public void Validate_LeafWithoutBasicConstraints_IsValid()
    {
        // RFC 5280 4.2.1.9 lets an end-entity certificate leave basicConstraints out.
        ProfileAssert.Valid(pki.Validator.ValidateDer(pki.Signing.Without(X509Extensions.BasicConstraints).Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaKeyUsageWithoutKeyCertSign_IsIssuerNotCa()
    {
        CertificateSpec ca = pki.CaSpec.With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.CrlSign | KeyUsage.DigitalSignature));

        ProfileAssert.Rejected(CertificateRejection.IssuerNotCa, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaKeyUsageWithKeyEncipherment_IsKeyUsage()
    {
        CertificateSpec ca = pki.CaSpec.With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.KeyEncipherment));

        ProfileAssert.Rejected(CertificateRejection.KeyUsage, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaBasicConstraintsWithoutCa_IsIssuerNotCa()
    {
        CertificateSpec ca = pki.CaSpec.With(X509Extensions.BasicConstraints, true, new BasicConstraints(false));

        ProfileAssert.Rejected(CertificateRejection.IssuerNotCa, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaNotSelfIssued_IsIssuerNotCa()
    {
        CertificateSpec ca = pki.CaSpec with { Issuer = CertificateNames.Ca("elsewhere") };

        ProfileAssert.Rejected(CertificateRejection.IssuerNotCa, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaWithoutPathLength_IsValid()
    {
        CertificateSpec ca = pki.CaSpec.With(X509Extensions.BasicConstraints, true, new BasicConstraints(true));

        ProfileAssert.Valid(new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }
}
