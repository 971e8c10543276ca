using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// A trusted organisation CA with what judging its certificates and CRLs needs, worked out once:
/// its subject's DER (issuer names must match it byte for byte), its key identifier, the signature
/// algorithm it signs with, and whether it meets the profile. A CA that does not is kept, so that
/// what it issued is refused with the CA's own reason rather than "unknown CA".
/// </summary>
internal sealed class TrustAnchor
{
    private TrustAnchor(X509Certificate certificate, string organisation)
    {
        Certificate = certificate;
        Organisation = organisation;
        SubjectDer = certificate.SubjectDN.GetEncoded(Asn1Encodable.Der);
        Violation = Judge(certificate)?.OfCa(certificate.SubjectDN.ToString());
        if (Violation is null)
        {
            TbsCertificateStructure tbs = certificate.CertificateStructure.TbsCertificate;
            SignatureAlgorithm = KeyProfile.SignatureAlgorithmOf(tbs.SubjectPublicKeyInfo);
            KeyIdentifier = SubjectKeyIdentifier.GetInstance(tbs.Extensions.GetExtensionParsedValue(X509Extensions.SubjectKeyIdentifier)).GetKeyIdentifier();
            SignsCrls = (KeyUsage.GetInstance(tbs.Extensions.GetExtensionParsedValue(X509Extensions.KeyUsage)).IntValue & KeyUsage.CrlSign) != 0;
        }
    }

    public X509Certificate Certificate { get; }

    public string Organisation { get; }

    public byte[] SubjectDer { get; }

    /// <summary>Why this CA fails the profile (its detail names the CA), or null when it meets it.</summary>
    public ProfileViolation? Violation { get; }

    /// <summary>The one signature algorithm this CA signs with; null when <see cref="Violation"/> is set.</summary>
    public DerObjectIdentifier? SignatureAlgorithm { get; }

    public byte[]? KeyIdentifier { get; }

    /// <summary>Whether its key usage holds cRLSign, without which its CRLs are refused.</summary>
    public bool SignsCrls { get; }

    public static TrustAnchor Create(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string organisation = CertificateNames.Get(certificate.SubjectDN, X509Name.O)
            ?? throw new ArgumentException($"trusted CA '{certificate.SubjectDN}' has no single O (organisation) attribute", nameof(certificate));
        return new TrustAnchor(certificate, organisation);
    }

    private static ProfileViolation? Judge(X509Certificate certificate)
    {
        try
        {
            return AuthorityProfile.Check(certificate);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // BouncyCastle decodes keys and extensions when asked; a CA whose content breaks there is unreadable.
            return new ProfileViolation(CertificateRejection.Malformed, $"unreadable certificate content: {e.Message}");
        }
    }

    /// <summary>Whether <paramref name="name"/> is this CA's subject, byte for byte.</summary>
    public bool HasSubject(X509Name name) => name.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(SubjectDer);
}
