using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Tests.Pki;

/// <summary>
/// Two organisations with fixed validity windows, so every test judges at explicit times:
/// CAs 2026-01-01 .. 2036-01-01, leaves 2026-01-01 .. 2027-01-01, "now" 2026-06-01.
/// </summary>
public sealed class PkiFixture
{
    public static readonly DateTimeOffset CaFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CaUntil = new(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LeafFrom = CaFrom;
    public static readonly DateTimeOffset LeafUntil = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public PkiFixture()
    {
        Org1 = OrganisationCa.Create("org1", CaFrom, CaUntil);
        Org2 = OrganisationCa.Create("org2", CaFrom, CaUntil);
        Org1Key = KeyFile.ImportEcdsaKey(Org1.ExportKeyPem());
        Org2Key = KeyFile.ImportEcdsaKey(Org2.ExportKeyPem());
        ValidatorKey = SigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        MemberKey = SigningKey.FromSeed(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
        ValidatorCert = Org1.IssueSigningCertificate("org1-v1", CertificateRole.Validator, ValidatorKey.PublicKey, LeafFrom, LeafUntil);
        MemberCert = Org1.IssueSigningCertificate("org1-m1", CertificateRole.Member, MemberKey.PublicKey, LeafFrom, LeafUntil);
        ValidatorTls = Org1.IssueTlsCertificate("org1-v1", CertificateRole.Validator, LeafFrom, LeafUntil);
        BothOrgs = new CertificateValidator([Org1.Certificate, Org2.Certificate]);
    }

    public OrganisationCa Org1 { get; }

    public OrganisationCa Org2 { get; }

    public ECPrivateKeyParameters Org1Key { get; }

    public ECPrivateKeyParameters Org2Key { get; }

    public SigningKey ValidatorKey { get; }

    public SigningKey MemberKey { get; }

    public X509Certificate ValidatorCert { get; }

    public X509Certificate MemberCert { get; }

    public IssuedTlsCertificate ValidatorTls { get; }

    public CertificateValidator BothOrgs { get; }

    /// <summary>
    /// A hand-made leaf for forgeries the CA API refuses to make: any issuer name, any signer,
    /// any subject, optional key usage.
    /// </summary>
    public static X509Certificate Forge(
        X509Name issuer, AsymmetricKeyParameter signer, X509Name subject, AsymmetricKeyParameter subjectKey,
        int keyUsage = KeyUsage.DigitalSignature, bool isCa = false)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(Random.Shared.NextInt64(1, long.MaxValue)));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(LeafFrom.UtcDateTime);
        generator.SetNotAfter(LeafUntil.UtcDateTime);
        generator.SetPublicKey(subjectKey);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(isCa));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        if (signer is ECPrivateKeyParameters ec)
        {
            // Names the signer's key, as the profile requires a leaf to name its CA's.
            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
                Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.CreateAuthorityKeyIdentifier(EcdsaKeys.PublicKeyOf(ec)));
        }

        return generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", signer));
    }

    public static Ed25519PublicKeyParameters Ed25519Of(SigningKey key) => new(key.PublicKey.ToArray());
}
