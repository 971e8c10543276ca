using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>
/// A conforming organisation CA ("prof", ECDSA P-256) and conforming specs for what it issues:
/// a member's signing certificate, a validator's TLS certificate and a CRL. Every profile test
/// changes one thing in one of them, so the rule under test is the only one broken (each default
/// is checked valid by <see cref="ProfileBaselineTests"/>). Times: CA 2026..2036, leaves
/// 2026..2027, judged at 2026-06-01.
/// </summary>
public sealed class ProfileFixture
{
    public static readonly DateTimeOffset Now = PkiFixture.Now;
    public static readonly DateTime CaFrom = PkiFixture.CaFrom.UtcDateTime;
    public static readonly DateTime CaUntil = PkiFixture.CaUntil.UtcDateTime;
    public static readonly DateTime LeafFrom = PkiFixture.LeafFrom.UtcDateTime;
    public static readonly DateTime LeafUntil = PkiFixture.LeafUntil.UtcDateTime;

    private static readonly SecureRandom Random = new();

    public ProfileFixture()
    {
        CaKey = EcdsaKeys.GenerateP256();
        CaSpec = Authority(CaName, CaKey, "SHA256WITHECDSA");
        Ca = CaSpec.Sign();
        CaKeyId = SubjectKeyIdentifier.GetInstance(Ca.CertificateStructure.TbsCertificate.Extensions.GetExtensionParsedValue(X509Extensions.SubjectKeyIdentifier)).GetKeyIdentifier();
        Validator = new CertificateValidator([Ca]);
        MemberKey = new Ed25519PublicKeyParameters(SigningKey.FromSeed(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray()).PublicKey.ToArray());
        TlsKey = EcdsaKeys.GenerateP256();
    }

    public static X509Name CaName { get; } = CertificateNames.Ca("prof");

    public AsymmetricCipherKeyPair CaKey { get; }

    public CertificateSpec CaSpec { get; }

    public X509Certificate Ca { get; }

    public byte[] CaKeyId { get; }

    public CertificateValidator Validator { get; }

    public Ed25519PublicKeyParameters MemberKey { get; }

    public AsymmetricCipherKeyPair TlsKey { get; }

    /// <summary>A member's signing certificate as the project issues it.</summary>
    public CertificateSpec Signing => Leaf(CertificateNames.Identity("prof", CertificateRole.Member, "prof-m1"), MemberKey);

    /// <summary>A validator's TLS certificate as the project issues it.</summary>
    public CertificateSpec Tls => Leaf(CertificateNames.Identity("prof", CertificateRole.Validator, "prof-v1"), TlsKey.Public)
        .With(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth))
        .With(X509Extensions.SubjectAlternativeName, false, new GeneralNames([new GeneralName(GeneralName.IPAddress, "127.0.0.1"), new GeneralName(GeneralName.DnsName, "localhost")]));

    /// <summary>A CRL revoking one serial, as the project issues it.</summary>
    public CrlSpec Crl => new CrlSpec
    {
        Issuer = CaName,
        ThisUpdate = new Time(Now.UtcDateTime),
        NextUpdate = new Time(Now.UtcDateTime.AddDays(7)),
        Entries = [new CrlEntrySpec(BigInteger.ValueOf(0x1234), new Time(Now.UtcDateTime))],
        SignerKey = CaKey.Private,
    }
        .With(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(5)))
        .With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(CaKeyId));

    /// <summary>A self-signed CA certificate spec on <paramref name="key"/>, conforming when the key and algorithm are.</summary>
    public static CertificateSpec Authority(X509Name name, AsymmetricCipherKeyPair key, string signatureAlgorithm) => new CertificateSpec
    {
        Serial = NewSerial(),
        Issuer = name,
        Subject = name,
        NotBefore = new Time(CaFrom),
        NotAfter = new Time(CaUntil),
        PublicKey = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public),
        SignerKey = key.Private,
        SignatureAlgorithm = signatureAlgorithm,
    }
        .With(X509Extensions.BasicConstraints, true, new BasicConstraints(0))
        .With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature))
        .With(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(key.Public));

    /// <summary>A leaf of this CA for <paramref name="subject"/> and <paramref name="key"/>.</summary>
    public CertificateSpec Leaf(X509Name subject, AsymmetricKeyParameter key) => IssuedBy(CaSpec, CaKey, subject, key);

    /// <summary>A conforming leaf issued by the CA that <paramref name="ca"/> and <paramref name="caKey"/> make.</summary>
    public static CertificateSpec IssuedBy(CertificateSpec ca, AsymmetricCipherKeyPair caKey, X509Name subject, AsymmetricKeyParameter key) => new CertificateSpec
    {
        Serial = NewSerial(),
        Issuer = ca.Subject,
        Subject = subject,
        NotBefore = new Time(LeafFrom),
        NotAfter = new Time(LeafUntil),
        PublicKey = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key),
        SignerKey = caKey.Private,
        SignatureAlgorithm = ca.SignatureAlgorithm,
    }
        .With(X509Extensions.BasicConstraints, true, new BasicConstraints(false))
        .With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature))
        .With(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(key))
        .With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(
            SubjectKeyIdentifier.GetInstance(Asn1Object.FromByteArray(ca.Extensions.Single(e => e.Oid.Equals(X509Extensions.SubjectKeyIdentifier)).Value)).GetKeyIdentifier()));

    public static BigInteger NewSerial() => new BigInteger(127, Random).SetBit(126);

    /// <summary>Keys of kinds the profile refuses for a CA, each with the algorithm it signs with.</summary>
    public static (AsymmetricCipherKeyPair Key, string SignatureAlgorithm) KeyOfKind(string kind) => kind switch
    {
        "P-192" => (EcKey(SecObjectIdentifiers.SecP192r1), "SHA256WITHECDSA"),
        "P-384" => (EcKey(SecObjectIdentifiers.SecP384r1), "SHA384WITHECDSA"),
        "secp256k1" => (EcKey(SecObjectIdentifiers.SecP256k1), "SHA256WITHECDSA"),
        "RSA-1024" => (RsaKey(1024), "SHA256WITHRSA"),
        "RSA-2048" => (RsaKey(2048), "SHA256WITHRSA"),
        "DSA-1024" => (DsaKey(), "SHA256WITHDSA"),
        "Ed25519" => (Ed25519Key(), "Ed25519"),
        "P-256 explicit" => (ExplicitP256Key(), "SHA256WITHECDSA"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown key kind"),
    };

    private static AsymmetricCipherKeyPair EcKey(DerObjectIdentifier curve)
    {
        var generator = new ECKeyPairGenerator("ECDSA");
        generator.Init(new ECKeyGenerationParameters(curve, Random));
        return generator.GenerateKeyPair();
    }

    private static AsymmetricCipherKeyPair RsaKey(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, bits, 80));
        return generator.GenerateKeyPair();
    }

    private static AsymmetricCipherKeyPair DsaKey()
    {
        var parameters = new DsaParametersGenerator();
        parameters.Init(1024, 80, Random);
        var generator = new DsaKeyPairGenerator();
        generator.Init(new DsaKeyGenerationParameters(Random, parameters.GenerateParameters()));
        return generator.GenerateKeyPair();
    }

    private static AsymmetricCipherKeyPair Ed25519Key()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(Random));
        return generator.GenerateKeyPair();
    }

    /// <summary>P-256 itself, but written with explicit curve parameters instead of the curve's OID.</summary>
    private static AsymmetricCipherKeyPair ExplicitP256Key()
    {
        var curve = SecNamedCurves.GetByOid(SecObjectIdentifiers.SecP256r1);
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H, curve.GetSeed());
        var generator = new ECKeyPairGenerator("ECDSA");
        generator.Init(new ECKeyGenerationParameters(domain, Random));
        return generator.GenerateKeyPair();
    }
}
