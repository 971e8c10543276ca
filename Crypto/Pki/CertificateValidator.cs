using Ledger.Crypto.Pki.Profile;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;
using DotNetCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2;

namespace Ledger.Crypto.Pki;

/// <summary>
/// Judges identity certificates and CRLs against a fixed set of trusted organisation root CAs and
/// a set of revocations, at a time the caller supplies (a block's timestamp, never the local
/// clock), by the network's certificate profile (docs/ARCHITECTURE.md, "Certificate profile"):
/// one <see cref="CertificateRejection"/> per rule. Immutable and thread-safe. The model is
/// deliberately flat: an organisation's root CA issues identities directly, so a valid path is
/// exactly leaf -> trusted CA. The CAs themselves are held to the profile too; what a CA that
/// fails it issued is refused with the CA's reason.
/// </summary>
public sealed class CertificateValidator
{
    private readonly IReadOnlyList<TrustAnchor> _cas;

    public CertificateValidator(IEnumerable<X509Certificate> trustedCas, RevocationList? revocations = null)
        : this(Anchor(trustedCas), revocations ?? RevocationList.Empty)
    {
    }

    private CertificateValidator(IReadOnlyList<TrustAnchor> cas, RevocationList revocations)
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
        byte[] der;
        try
        {
            der = PkiPem.CertificateBlocks(pem).FirstOrDefault() ?? throw new FormatException("no CERTIFICATE PEM block found");
        }
        catch (FormatException e)
        {
            return CertificateValidationResult.Reject(CertificateRejection.Malformed, e.Message);
        }

        return ValidateDer(der, at, purpose, requiredRole);
    }

    /// <summary>Certificate bytes, which must be DER: a BER form of a valid certificate is <see cref="CertificateRejection.NotDer"/>.</summary>
    public CertificateValidationResult ValidateDer(
        ReadOnlySpan<byte> der, DateTimeOffset at, CertificatePurpose purpose = CertificatePurpose.Signing, CertificateRole? requiredRole = null) =>
        ValidateBytes(der, at, purpose, requiredRole, []);

    /// <summary>A .NET certificate, e.g. a TLS peer's; <paramref name="presentedChain"/> is what else the peer sent.</summary>
    public CertificateValidationResult Validate(
        DotNetCertificate certificate, DateTimeOffset at, CertificatePurpose purpose = CertificatePurpose.Tls,
        CertificateRole? requiredRole = null, IEnumerable<DotNetCertificate>? presentedChain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var others = new List<X509Certificate>();
        foreach (DotNetCertificate other in presentedChain ?? [])
        {
            // The rest of the chain only names a reason; one that does not even parse names none.
            if (!other.RawDataMemory.Span.SequenceEqual(certificate.RawData) && PkiPem.TryParseCertificateBer(other.RawData) is { } parsed)
            {
                others.Add(parsed);
            }
        }

        return ValidateBytes(certificate.RawData, at, purpose, requiredRole, others);
    }

    /// <summary>
    /// The verdict on <paramref name="certificate"/> at <paramref name="at"/>. Checks, in order:
    /// the subject, the key type, the fields (version, serial, unique identifiers, validity
    /// encoding), the extensions, a trusted issuer by exact name, that CA meeting the profile,
    /// the signature algorithm and signature, the organisation, both validity periods, basic
    /// constraints and key usage, the authority key identifier, the role and revocation.
    /// <paramref name="presentedChain"/> is only used to name the reason when a peer presents a
    /// certificate issued by a non-CA certificate; it never adds trust. An already parsed
    /// certificate has lost its bytes: the DER rule is checked where bytes are parsed
    /// (<see cref="ValidateDer"/>, <see cref="ValidatePem"/>, <see cref="PkiPem"/>).
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
            // BouncyCastle parses extensions and keys lazily; a certificate that parsed but has a
            // broken extension or key encoding surfaces here.
            return Reject(CertificateRejection.Malformed, $"unreadable certificate content: {e.Message}");
        }
    }

    /// <summary>
    /// Whether <paramref name="crl"/> is a CRL of a trusted organisation CA that meets the CRL
    /// profile (read from bytes, those must be DER); with <paramref name="previous"/> (the last accepted CRL from the same source), also
    /// that its CRL number has grown. Being out of date (past nextUpdate) is not a rejection:
    /// a revocation never lapses, so an old CRL still revokes (see <see cref="OrganisationCrl.IsCurrent"/>).
    /// </summary>
    public CrlValidationResult ValidateCrl(OrganisationCrl crl, OrganisationCrl? previous = null)
    {
        ArgumentNullException.ThrowIfNull(crl);
        try
        {
            return CrlProfile.Check(crl, _cas, previous);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return CrlValidationResult.Reject(CrlRejection.Malformed, $"unreadable CRL content: {e.Message}");
        }
    }

    /// <summary>CRL bytes, which must be DER.</summary>
    public CrlValidationResult ValidateCrlDer(ReadOnlySpan<byte> der, OrganisationCrl? previous = null)
    {
        OrganisationCrl crl;
        try
        {
            crl = OrganisationCrl.ParseDer(der);
        }
        catch (FormatException e)
        {
            return CrlValidationResult.Reject(CrlRejection.Malformed, e.Message);
        }

        return ValidateCrl(crl, previous);
    }

    /// <summary>
    /// Checks the profile of an organisation CA certificate on its own (what judging its
    /// certificates would say of it): for tools that install a CA, and for a CA before it issues.
    /// </summary>
    public static CertificateValidationResult? CheckAuthority(X509Certificate ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        return TrustAnchor.Create(ca).Violation?.ToResult();
    }

    private CertificateValidationResult ValidateBytes(
        ReadOnlySpan<byte> der, DateTimeOffset at, CertificatePurpose purpose, CertificateRole? requiredRole, IReadOnlyList<X509Certificate> presentedChain)
    {
        X509Certificate certificate;
        try
        {
            certificate = PkiPem.ParseCertificateBer(der);
        }
        catch (FormatException e)
        {
            return Reject(CertificateRejection.Malformed, e.Message);
        }

        return DerEncoding.Problem(der) is { } problem
            ? Reject(CertificateRejection.NotDer, $"the certificate's bytes are {problem}")
            : Validate(certificate, at, purpose, requiredRole, presentedChain);
    }

    private CertificateValidationResult Judge(
        X509Certificate certificate, DateTimeOffset at, CertificatePurpose purpose, CertificateRole? requiredRole,
        IReadOnlyList<X509Certificate> presentedChain)
    {
        if (LeafProfile.CheckAlone(certificate, purpose) is { } alone)
        {
            return alone.ToResult();
        }

        var candidates = _cas.Where(c => c.HasSubject(certificate.IssuerDN)).ToList();
        if (candidates.Count == 0)
        {
            X509Certificate? presentedIssuer = presentedChain.FirstOrDefault(c => c.SubjectDN.Equivalent(certificate.IssuerDN));
            if (presentedIssuer is not null && presentedIssuer.GetBasicConstraints() < 0)
            {
                return Reject(CertificateRejection.IssuerNotCa, $"issuer '{certificate.IssuerDN}' is not a CA (basicConstraints CA=false)");
            }

            return Reject(CertificateRejection.UnknownCa, $"issuer '{certificate.IssuerDN}' is not (byte for byte) the name of a trusted organisation CA");
        }

        var conforming = candidates.Where(c => c.Violation is null).ToList();
        if (conforming.Count == 0)
        {
            return candidates[0].Violation!.ToResult();
        }

        TrustAnchor issuer = conforming.FirstOrDefault(c => Signatures.IsSignedBy(certificate, c.Certificate.GetPublicKey())) ?? conforming[0];
        X509CertificateStructure structure = certificate.CertificateStructure;
        if (KeyProfile.SignatureAlgorithmProblem(structure.SignatureAlgorithm, structure.TbsCertificate.Signature, issuer.SignatureAlgorithm!) is { } algorithm)
        {
            return Reject(CertificateRejection.SignatureAlgorithm, algorithm);
        }

        if (!Signatures.IsSignedBy(certificate, issuer.Certificate.GetPublicKey()))
        {
            return Reject(CertificateRejection.BadSignature, $"the signature does not verify under the key of '{certificate.IssuerDN}'");
        }

        string organisation = CertificateNames.Get(certificate.SubjectDN, X509Name.O)!;
        if (organisation != issuer.Organisation)
        {
            return Reject(CertificateRejection.OrganisationMismatch, $"certificate claims organisation '{organisation}' but was issued by the CA of '{issuer.Organisation}'");
        }

        CertificateValidationResult? timing = CheckTime(issuer.Certificate, at, "organisation CA") ?? CheckTime(certificate, at, "certificate");
        if (timing is not null)
        {
            return timing;
        }

        if (LeafProfile.CheckUsage(certificate, purpose) is { } usage)
        {
            return usage.ToResult();
        }

        if (AuthorityKeyIdentifiers.Problem(structure.TbsCertificate.Extensions, issuer.KeyIdentifier, issuer.Certificate) is { } authority)
        {
            return Reject(CertificateRejection.MalformedExtension, authority);
        }

        CertificateRole role = CertificateRoles.Parse(CertificateNames.Get(certificate.SubjectDN, X509Name.OU)!);
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
            Name = CertificateNames.Get(certificate.SubjectDN, X509Name.CN)!,
            SerialHex = serial,
            Purpose = purpose,
            SigningKey = purpose == CertificatePurpose.Signing ? new PublicKey(((Ed25519PublicKeyParameters)certificate.GetPublicKey()).GetEncoded()) : null,
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

    private static CertificateValidationResult Reject(CertificateRejection reason, string detail) =>
        CertificateValidationResult.Reject(reason, detail);

    private static List<TrustAnchor> Anchor(IEnumerable<X509Certificate> trustedCas)
    {
        ArgumentNullException.ThrowIfNull(trustedCas);
        return [.. trustedCas.Select(TrustAnchor.Create)];
    }
}
