using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>DER only: a certificate has one byte form. BouncyCastle alone verifies every BER form below.</summary>
public sealed class CertificateEncodingTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    [Fact]
    public void ValidateDer_OuterLengthNotMinimal_IsNotDer()
    {
        byte[] ber = Ber.LongerOuterLength(pki.Signing.Der());

        Assert.True(new Org.BouncyCastle.X509.X509Certificate(ber).IsSignatureValid(pki.CaKey.Public)); // what made it a second byte form
        ProfileAssert.Rejected(CertificateRejection.NotDer, pki.Validator.ValidateDer(ber, ProfileFixture.Now));
    }

    [Fact]
    public void ValidateDer_BooleanTrueWrittenAsOne_IsNotDer()
    {
        byte[] ber = Ber.BasicConstraintsCriticalAsOne(pki.Signing.Der());

        Assert.True(new Org.BouncyCastle.X509.X509Certificate(ber).IsSignatureValid(pki.CaKey.Public));
        ProfileAssert.Rejected(CertificateRejection.NotDer, pki.Validator.ValidateDer(ber, ProfileFixture.Now));
    }

    [Fact]
    public void ValidatePem_BerCertificate_IsNotDerAndParseRefuses()
    {
        byte[] ber = Ber.LongerOuterLength(pki.Tls.Der());
        string pem = System.Security.Cryptography.PemEncoding.WriteString(PkiPem.CertificateLabel, ber);

        ProfileAssert.Rejected(CertificateRejection.NotDer, pki.Validator.ValidatePem(pem, ProfileFixture.Now, CertificatePurpose.Tls));
        Assert.Throws<FormatException>(() => PkiPem.ParseCertificate(pem));
    }

    [Fact]
    public void ValidateDer_ExtensionValueInBer_IsNotDer()
    {
        // basicConstraints cA=FALSE is the empty SEQUENCE 30 00; 30 81 00 is the same in BER.
        byte[] der = pki.Signing.With(new ExtensionSpec(X509Extensions.BasicConstraints, true, [0x30, 0x81, 0x00])).Der();

        ProfileAssert.Rejected(CertificateRejection.NotDer, pki.Validator.ValidateDer(der, ProfileFixture.Now));
    }

    [Fact]
    public void ValidateDer_TrailingBytes_IsMalformed()
    {
        byte[] der = [.. pki.Signing.Der(), 0x00, 0x00];

        ProfileAssert.Rejected(CertificateRejection.Malformed, pki.Validator.ValidateDer(der, ProfileFixture.Now));
    }
}
