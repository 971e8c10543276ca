using Ledger.Crypto.Keys;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki;

/// <summary>
/// An organisation's root CA: a self-signed ECDSA P-256 certificate (CA=true, pathLen 0: it
/// issues identities directly, never sub-CAs) and its private key. It issues Ed25519 signing
/// certificates, ECDSA P-256 TLS certificates and CRLs for its own organisation only.
/// </summary>
public sealed class OrganisationCa
{
    private readonly ECPrivateKeyParameters _key;

    private OrganisationCa(X509Certificate certificate, ECPrivateKeyParameters key, string organisation)
    {
        Certificate = certificate;
        _key = key;
        Organisation = organisation;
    }

    public string Organisation { get; }

    public X509Certificate Certificate { get; }

    public string CertificatePem => PkiPem.ToPem(Certificate);

    public static OrganisationCa Create(string organisation, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        AsymmetricCipherKeyPair pair = EcdsaKeys.GenerateP256();
        var key = (ECPrivateKeyParameters)pair.Private;
        X509Name subject = CertificateNames.Ca(organisation);
        X509V3CertificateGenerator generator = CertificateIssuer.Start(subject, subject, pair.Public, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(0));
        generator.AddExtension(X509Extensions.KeyUsage, true,
            new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false,
            Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.CreateSubjectKeyIdentifier(pair.Public));
        X509Certificate certificate = CertificateIssuer.Sign(generator, key);
        if (CertificateValidator.CheckAuthority(certificate) is { } violation)
        {
            throw new InvalidOperationException($"the CA certificate issued breaks the certificate profile: {violation}");
        }

        return new OrganisationCa(certificate, key, organisation);
    }

    /// <summary>Loads a CA from its certificate and PKCS#8 key; fails if the key does not belong to the certificate.</summary>
    public static OrganisationCa Load(string certificatePem, string keyPem, string? passphrase = null)
    {
        X509Certificate certificate = PkiPem.ParseCertificate(certificatePem);
        if (CertificateValidator.CheckAuthority(certificate) is { } violation)
        {
            throw new ArgumentException($"the CA certificate does not meet the certificate profile: {violation}", nameof(certificatePem));
        }

        ECPrivateKeyParameters key = KeyFile.ImportEcdsaKey(keyPem, passphrase);
        if (!EcdsaKeys.PublicKeyOf(key).Q.Equals(((ECPublicKeyParameters)certificate.GetPublicKey()).Q))
        {
            throw new ArgumentException("the CA key does not match the CA certificate's public key", nameof(keyPem));
        }

        string organisation = CertificateNames.Get(certificate.SubjectDN, X509Name.O)
            ?? throw new FormatException("the CA certificate's subject has no single O (organisation) attribute");
        return new OrganisationCa(certificate, key, organisation);
    }

    public string ExportKeyPem(string? passphrase = null) => KeyFile.ExportEcdsaKey(_key, passphrase);

    /// <summary>A certificate binding the Ed25519 <paramref name="key"/> to this organisation, <paramref name="role"/> and <paramref name="name"/>.</summary>
    public X509Certificate IssueSigningCertificate(
        string name, CertificateRole role, PublicKey key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        CheckWithinCa(notBefore, notAfter);
        var ed25519 = new Ed25519PublicKeyParameters(key.ToArray());
        X509V3CertificateGenerator generator = CertificateIssuer.Start(
            Certificate.SubjectDN, CertificateNames.Identity(Organisation, role, name), ed25519, notBefore, notAfter);
        CertificateIssuer.AddLeafExtensions(generator, Certificate, ed25519);
        return Conforming(CertificateIssuer.Sign(generator, _key), CertificatePurpose.Signing);
    }

    /// <summary>
    /// A fresh ECDSA P-256 key and its TLS certificate: same subject as the identity's signing
    /// certificate, serverAuth and clientAuth, and subject alternative names for loopback and
    /// <paramref name="name"/>, so the same certificate serves mutual TLS in both directions.
    /// </summary>
    public IssuedTlsCertificate IssueTlsCertificate(
        string name, CertificateRole role, DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<string>? extraDnsNames = null)
    {
        CheckWithinCa(notBefore, notAfter);
        AsymmetricCipherKeyPair pair = EcdsaKeys.GenerateP256();
        X509V3CertificateGenerator generator = CertificateIssuer.Start(
            Certificate.SubjectDN, CertificateNames.Identity(Organisation, role, name), pair.Public, notBefore, notAfter);
        CertificateIssuer.AddLeafExtensions(generator, Certificate, pair.Public);
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
            new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));
        var alternativeNames = new List<GeneralName>
        {
            new(GeneralName.IPAddress, "127.0.0.1"),
            new(GeneralName.DnsName, "localhost"),
            new(GeneralName.DnsName, name),
        };
        foreach (string dns in extraDnsNames ?? [])
        {
            alternativeNames.Add(new GeneralName(GeneralName.DnsName, dns));
        }

        foreach (GeneralName dns in alternativeNames.Where(n => n.TagNo == GeneralName.DnsName))
        {
            string text = dns.Name.ToString()!;
            if (Profile.ExtensionValueChecks.DnsNameProblem(text) is { } problem)
            {
                throw new ArgumentException($"a TLS certificate cannot name it: {problem}", text == name ? nameof(name) : nameof(extraDnsNames));
            }
        }

        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(alternativeNames.ToArray()));
        return new IssuedTlsCertificate(Conforming(CertificateIssuer.Sign(generator, _key), CertificatePurpose.Tls), (ECPrivateKeyParameters)pair.Private);
    }

    /// <summary>A CRL listing <paramref name="revokedSerials"/> (hex), signed by this CA.</summary>
    public OrganisationCrl IssueCrl(
        IEnumerable<string> revokedSerials, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, long crlNumber)
    {
        ArgumentNullException.ThrowIfNull(revokedSerials);
        if (nextUpdate <= thisUpdate)
        {
            throw new ArgumentException($"nextUpdate {nextUpdate:O} must be after thisUpdate {thisUpdate:O}", nameof(nextUpdate));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(crlNumber);
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(Certificate.SubjectDN);
        generator.SetThisUpdate(CertificateIssuer.ToUtcSeconds(thisUpdate));
        generator.SetNextUpdate(CertificateIssuer.ToUtcSeconds(nextUpdate));
        foreach (string serial in revokedSerials.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            // No reason code: RFC 5280 5.3.1 prefers its absence to "unspecified", the only reason given.
            generator.AddCrlEntry(CertificateNames.ParseSerialHex(serial), CertificateIssuer.ToUtcSeconds(thisUpdate), (X509Extensions?)null);
        }

        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(crlNumber)));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, CertificateIssuer.AuthorityKeyIdentifierOf(Certificate));
        var crl = new OrganisationCrl(generator.Generate(CertificateIssuer.SignatureFactory(_key)));
        CrlValidationResult verdict = new CertificateValidator([Certificate]).ValidateCrl(crl);
        return verdict.IsValid ? crl : throw new InvalidOperationException($"the CRL issued breaks the CRL profile: {verdict}");
    }

    /// <summary>
    /// What this CA issues meets the profile by construction; checking each certificate before it
    /// leaves turns a drift between issuer and validator into an error here, not a certificate
    /// every node refuses.
    /// </summary>
    private X509Certificate Conforming(X509Certificate certificate, CertificatePurpose purpose)
    {
        CertificateValidationResult verdict = new CertificateValidator([Certificate]).Validate(certificate, new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero), purpose);
        return verdict.IsValid ? certificate : throw new InvalidOperationException($"the certificate issued breaks the certificate profile: {verdict}");
    }

    private void CheckWithinCa(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new ArgumentException($"notAfter {notAfter:O} must be after notBefore {notBefore:O}", nameof(notAfter));
        }

        if (notBefore.UtcDateTime < Certificate.NotBefore || notAfter.UtcDateTime > Certificate.NotAfter)
        {
            throw new ArgumentException(
                $"the validity {notBefore:O} .. {notAfter:O} is outside the CA's {Certificate.NotBefore:O} .. {Certificate.NotAfter:O}",
                nameof(notAfter));
        }
    }
}
