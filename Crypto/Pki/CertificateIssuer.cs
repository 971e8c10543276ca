using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Ledger.Crypto.Pki;

/// <summary>The parts of certificate issuance shared by CAs and leaves.</summary>
internal static class CertificateIssuer
{
    private static readonly SecureRandom Random = new();

    public static X509V3CertificateGenerator Start(
        X509Name issuer, X509Name subject, AsymmetricKeyParameter publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new ArgumentException($"notAfter {notAfter:O} must be after notBefore {notBefore:O}", nameof(notAfter));
        }

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(NewSerial());
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(ToUtcSeconds(notBefore));
        generator.SetNotAfter(ToUtcSeconds(notAfter));
        generator.SetPublicKey(publicKey);
        return generator;
    }

    public static void AddLeafExtensions(X509V3CertificateGenerator generator, X509Certificate ca, AsymmetricKeyParameter publicKey)
    {
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, AuthorityKeyIdentifierOf(ca));
    }

    /// <summary>
    /// The CA's subject key identifier and nothing else: the CA/Browser Forum forbids naming the
    /// CA by issuer and serial too (BouncyCastle's CreateAuthorityKeyIdentifier(certificate) does;
    /// certificates written that way before remain valid when the names are the CA's).
    /// </summary>
    public static AuthorityKeyIdentifier AuthorityKeyIdentifierOf(X509Certificate ca) =>
        new(SubjectKeyIdentifier.GetInstance(ca.CertificateStructure.TbsCertificate.Extensions.GetExtensionParsedValue(X509Extensions.SubjectKeyIdentifier)).GetKeyIdentifier());

    public static ISignatureFactory SignatureFactory(AsymmetricKeyParameter key) =>
        new Asn1SignatureFactory("SHA256WITHECDSA", key, Random);

    public static X509Certificate Sign(X509V3CertificateGenerator generator, AsymmetricKeyParameter key) =>
        generator.Generate(SignatureFactory(key));

    /// <summary>X.509 times have one-second resolution; truncate so what is written is what was asked.</summary>
    public static DateTime ToUtcSeconds(DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>A random positive 127-bit serial: unguessable and unique with overwhelming probability.</summary>
    private static BigInteger NewSerial()
    {
        BigInteger serial;
        do
        {
            serial = new BigInteger(127, Random);
        }
        while (serial.SignValue == 0);

        return serial;
    }
}
