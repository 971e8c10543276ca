using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;
using DotNetCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2;

namespace Ledger.Crypto.Pki;

/// <summary>
/// Judges identity certificates against a fixed set of trusted organisation root CAs and a set of
/// revocations, at a time the caller supplies (a block's timestamp, never the local clock).
/// Immutable and thread-safe. The model is deliberately flat: an organisation's root CA issues
/// identities directly, so a valid path is exactly leaf -> trusted CA.
/// </summary>
public sealed class CertificateValidator
{
    private const int DigitalSignatureBit = 0;
    private const int KeyCertSignBit = 5;

    private readonly IReadOnlyList<TrustedCa> _cas;

    public CertificateValidator(IEnumerable<X509Certificate> trustedCas, RevocationList? revocations = null)
        : this(Anchor(trustedCas), revocations ?? RevocationList.Empty)
    {
    }

    private CertificateValidator(IReadOnlyList<TrustedCa> cas, RevocationList revocations)
    {
        _cas = cas;
        Revocations = revocations;
    }

    public static CertificateValidator FromPem(IEnumerable<string> caCertificatePems, RevocationList? revocations = null) =>
        new(caCertificatePems.Select(PkiPem.ParseCertificate), revocations);

    public IEnumerable<X509Certificate> TrustedCas => _cas.Select(c => c.Certificate);

    public RevocationList Revocations { get; }

    /// <summary>The same trust anchors with another revocation set (cheap: the anchors are shared).</summary>
    public CertificateValidator WithRevocations(RevocationList revocations) =>
        new(_cas, revocations ?? throw new ArgumentNullException(nameof(revocations)));

    public CertificateValidationResult ValidatePem(
        string pem, DateTimeOffset at, CertificatePurpose purpose = CertificatePurpose.Signing, CertificateRole? requiredRole = null)
    {
        X509Certificate certificate;
        try
        {
            certificate = PkiPem.ParseCertificate(pem);
        }
        catch (FormatException e)
        {
            return CertificateValidationResult.Reject(CertificateRejection.Malformed, e.Message);
        }

        return Validate(certificate, at, purpose, requiredRole);
    }

    public CertificateValidationResult ValidateDer(
        ReadOnlySpan<byte> der, DateTimeOffset at, CertificatePurpose purpose = CertificatePurpose.Signing, CertificateRole? requiredRole = null)
    {
        X509Certificate certificate;
        try
        {
            certificate = PkiPem.ParseCertificateDer(der);
        }
        catch (FormatException e)
        {
            return CertificateValidationResult.Reject(CertificateRejection.Malformed, e.Message);
        }

        return Validate(certificate, at, purpose, requiredRole);
    }

    /// <summary>A .NET certificate, e.g. a TLS peer's; <paramref name="presentedChain"/> is what else the peer sent.</summary>
    public CertificateValidationResult Validate(
        DotNetCertificate certificate, DateTimeOffset at, CertificatePurpose purpose = CertificatePurpose.Tls,
        CertificateRole? requiredRole = null, IEnumerable<DotNetCertificate>? presentedChain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            X509Certificate leaf = PkiPem.ParseCertificateDer(certificate.RawData);
            var others = (presentedChain ?? []).Where(c => !c.RawDataMemory.Span.SequenceEqual(certificate.RawData))
                .Select(c => PkiPem.ParseCertificateDer(c.RawData)).ToList();
            return Validate(leaf, at, purpose, requiredRole, others);
        }
        catch (FormatException e)
        {
            return CertificateValidationResult.Reject(CertificateRejection.Malformed, e.Message);
        }
    }

    /// <summary>
    /// The verdict on <paramref name="certificate"/> at <paramref name="at"/>. Checks, in order:
    /// subject shape, a trusted issuer by name, the issuer being a CA, the signature, the
    /// organisation, both validity periods, basic constraints and key usage, the key type, the
    /// role and revocation. <paramref name="presentedChain"/> is only used to name the reason when
    /// a peer presents a certificate issued by a non-CA certificate; it never adds trust.
    /// </summary>
    public CertificateValidationResult Validate(
        X509Certificate certificate, DateTimeOffset at, CertificatePurpose purpose = CertificatePurpose.Signing,
        CertificateRole? requiredRole = null, IReadOnlyList<X509Certificate>? presentedChain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            return Judge(certificate, at, purpose, requiredRole, presentedChain ?? []);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // BouncyCastle parses extensions lazily; a certificate that parsed but has a broken
            // extension or key encoding surfaces here.
            return CertificateValidationResult.Reject(CertificateRejection.Malformed, $"unreadable certificate content: {e.Message}");
        }
    }

    private CertificateValidationResult Judge(
        X509Certificate certificate, DateTimeOffset at, CertificatePurpose purpose, CertificateRole? requiredRole,
        IReadOnlyList<X509Certificate> presentedChain)
    {
        string? organisation = CertificateNames.Get(certificate.SubjectDN, X509Name.O);
        string? roleName = CertificateNames.Get(certificate.SubjectDN, X509Name.OU);
        string? name = CertificateNames.Get(certificate.SubjectDN, X509Name.CN);
        if (organisation is null || name is null || !CertificateRoles.TryParse(roleName, out CertificateRole role))
        {
            return Reject(CertificateRejection.Malformed, $"subject '{certificate.SubjectDN}' needs one O, one OU naming a role (validator, member, admin) and one CN");
        }

        var candidates = _cas.Where(c => c.Certificate.SubjectDN.Equivalent(certificate.IssuerDN)).ToList();
        if (candidates.Count == 0)
        {
            X509Certificate? presentedIssuer = presentedChain.FirstOrDefault(c => c.SubjectDN.Equivalent(certificate.IssuerDN));
            if (presentedIssuer is not null && !IsCa(presentedIssuer))
            {
                return Reject(CertificateRejection.IssuerNotCa, $"issuer '{certificate.IssuerDN}' is not a CA (basicConstraints CA=false)");
            }

            return Reject(CertificateRejection.UnknownCa, $"issuer '{certificate.IssuerDN}' is not a trusted organisation CA");
        }

        TrustedCa? issuer = candidates.FirstOrDefault(c => SignedBy(certificate, c.Certificate));
        if (issuer is null)
        {
            return Reject(CertificateRejection.BadSignature, $"the signature does not verify under the key of '{certificate.IssuerDN}'");
        }

        if (!IsCa(issuer.Certificate))
        {
            return Reject(CertificateRejection.IssuerNotCa, $"trusted certificate '{issuer.Certificate.SubjectDN}' is not a CA (basicConstraints/keyCertSign)");
        }

        if (organisation != issuer.Organisation)
        {
            return Reject(CertificateRejection.OrganisationMismatch, $"certificate claims organisation '{organisation}' but was issued by the CA of '{issuer.Organisation}'");
        }

        CertificateValidationResult? timing = CheckTime(issuer.Certificate, at, "organisation CA") ?? CheckTime(certificate, at, "certificate");
        if (timing is not null)
        {
            return timing;
        }

        if (certificate.GetBasicConstraints() >= 0)
        {
            return Reject(CertificateRejection.KeyUsage, "a CA certificate cannot serve as an identity certificate");
        }

        bool[]? keyUsage = certificate.GetKeyUsage();
        if (keyUsage is null || !keyUsage[DigitalSignatureBit] || keyUsage[KeyCertSignBit])
        {
            return Reject(CertificateRejection.KeyUsage, "key usage must include digitalSignature and exclude keyCertSign");
        }

        AsymmetricKeyParameter publicKey = certificate.GetPublicKey();
        PublicKey? signingKey = null;
        if (purpose == CertificatePurpose.Signing)
        {
            if (publicKey is not Ed25519PublicKeyParameters ed25519)
            {
                return Reject(CertificateRejection.WrongKeyType, "a signing certificate must bind an Ed25519 key");
            }

            signingKey = new PublicKey(ed25519.GetEncoded());
        }
        else
        {
            if (publicKey is not ECPublicKeyParameters ec || !Keys.EcdsaKeys.IsP256(ec))
            {
                return Reject(CertificateRejection.WrongKeyType, "a TLS certificate must hold an ECDSA P-256 key");
            }

            IList<Org.BouncyCastle.Asn1.DerObjectIdentifier>? extendedUsage = certificate.GetExtendedKeyUsage();
            if (extendedUsage is null
                || !extendedUsage.Contains(KeyPurposeID.id_kp_serverAuth)
                || !extendedUsage.Contains(KeyPurposeID.id_kp_clientAuth))
            {
                return Reject(CertificateRejection.KeyUsage, "a TLS certificate needs extended key usage serverAuth and clientAuth");
            }
        }

        if (requiredRole is CertificateRole required && role != required)
        {
            return Reject(CertificateRejection.WrongRole, $"role is '{role.ToName()}', '{required.ToName()}' is required");
        }

        string serial = CertificateNames.SerialHex(certificate.SerialNumber);
        if (Revocations.Contains(organisation, serial))
        {
            return Reject(CertificateRejection.Revoked, $"serial {serial} was revoked by '{organisation}'");
        }

        return CertificateValidationResult.Valid(new CertificateIdentity
        {
            Organisation = organisation,
            Role = role,
            Name = name,
            SerialHex = serial,
            Purpose = purpose,
            SigningKey = signingKey,
            NotBefore = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero),
            NotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero),
        });
    }

    private static CertificateValidationResult? CheckTime(X509Certificate certificate, DateTimeOffset at, string what)
    {
        DateTime utc = at.UtcDateTime;
        if (utc < certificate.NotBefore)
        {
            return Reject(CertificateRejection.NotYetValid, $"{what} is valid from {certificate.NotBefore:O}, checked at {utc:O}");
        }

        if (utc > certificate.NotAfter)
        {
            return Reject(CertificateRejection.Expired, $"{what} expired at {certificate.NotAfter:O}, checked at {utc:O}");
        }

        return null;
    }

    private static bool IsCa(X509Certificate certificate)
    {
        bool[]? keyUsage = certificate.GetKeyUsage();
        return certificate.GetBasicConstraints() >= 0 && (keyUsage is null || keyUsage[KeyCertSignBit]);
    }

    private static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        try
        {
            return certificate.IsSignatureValid(issuer.GetPublicKey());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static CertificateValidationResult Reject(CertificateRejection reason, string detail) =>
        CertificateValidationResult.Reject(reason, detail);

    private static List<TrustedCa> Anchor(IEnumerable<X509Certificate> trustedCas)
    {
        ArgumentNullException.ThrowIfNull(trustedCas);
        var result = new List<TrustedCa>();
        foreach (X509Certificate ca in trustedCas)
        {
            string organisation = CertificateNames.Get(ca.SubjectDN, X509Name.O)
                ?? throw new ArgumentException($"trusted CA '{ca.SubjectDN}' has no single O (organisation) attribute", nameof(trustedCas));
            result.Add(new TrustedCa(ca, organisation));
        }

        return result;
    }

    private sealed record TrustedCa(X509Certificate Certificate, string Organisation);
}
