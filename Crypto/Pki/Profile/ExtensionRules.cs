using Org.BouncyCastle.Asn1.X509;
using static Ledger.Crypto.Pki.Profile.ExtensionPresence;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// The extension table of the certificate and CRL profile (docs/ARCHITECTURE.md, "Certificate
/// profile"). An extension not listed for a context is unknown there: refused when critical
/// (RFC 5280 4.2), ignored when not, its value still required to be DER.
/// </summary>
internal static class ExtensionRules
{
    public static readonly IReadOnlyList<ExtensionRule> All =
    [
        // RFC 5280 4.2.1.9: critical in CA certificates. Leaves carry cA=FALSE, also critical here
        // (what the project issues), so one rule serves both.
        new(X509Extensions.BasicConstraints, "basicConstraints", true, ExtensionValueChecks.BasicConstraints)
            { Authority = Required, SigningLeaf = Optional, TlsLeaf = Optional },

        // RFC 5280 4.2.1.3 says SHOULD be critical; the profile says MUST, for CAs as the CA/Browser
        // Forum does and for leaves too, so no consumer may ignore what a key is for.
        new(X509Extensions.KeyUsage, "keyUsage", true, ExtensionValueChecks.KeyUsage)
            { Authority = Required, SigningLeaf = Required, TlsLeaf = Required },

        // TLS only, and non-critical as the CA/Browser Forum requires. A root CA must not carry one
        // (CA/Browser Forum); a signing certificate has no use for one, so none may claim a purpose.
        new(X509Extensions.ExtendedKeyUsage, "extKeyUsage", false, ExtensionValueChecks.ExtendedKeyUsage)
            { Authority = Forbidden, SigningLeaf = Forbidden, TlsLeaf = Required },

        // RFC 5280 4.2.1.2 and 4.2.1.1: never critical; a CA names its key, a leaf names its CA's.
        new(X509Extensions.SubjectKeyIdentifier, "subjectKeyIdentifier", false, ExtensionValueChecks.SubjectKeyIdentifier)
            { Authority = Required, SigningLeaf = Optional, TlsLeaf = Optional },
        new(X509Extensions.AuthorityKeyIdentifier, "authorityKeyIdentifier", false, ExtensionValueChecks.AuthorityKeyIdentifier)
            { Authority = Optional, SigningLeaf = Required, TlsLeaf = Required, Crl = Required },

        // Non-critical because every subject here is non-empty (RFC 5280 4.2.1.6); a TLS certificate
        // names its DNS names and IP addresses here and nothing else.
        new(X509Extensions.SubjectAlternativeName, "subjectAltName", false, ExtensionValueChecks.SubjectAlternativeName)
            { Authority = Optional, SigningLeaf = Optional, TlsLeaf = Required },

        // Pointers the network does not follow but allows, decoded so a broken one is refused.
        new(X509Extensions.AuthorityInfoAccess, "authorityInfoAccess", false, ExtensionValueChecks.AuthorityInfoAccess)
            { Authority = Optional, SigningLeaf = Optional, TlsLeaf = Optional, Crl = Optional },
        new(X509Extensions.CrlDistributionPoints, "cRLDistributionPoints", false, ExtensionValueChecks.CrlDistributionPoints)
            { Authority = Optional, SigningLeaf = Optional, TlsLeaf = Optional },
        new(X509Extensions.CertificatePolicies, "certificatePolicies", false, ExtensionValueChecks.CertificatePolicies)
            { Authority = Optional, SigningLeaf = Optional, TlsLeaf = Optional },

        // Constraints on longer paths: the trust model is flat (root -> identity), nothing would
        // enforce them, so a certificate relying on one is refused rather than half-honoured.
        new(X509Extensions.NameConstraints, "nameConstraints", null, null)
            { Authority = Forbidden, SigningLeaf = Forbidden, TlsLeaf = Forbidden },
        new(X509Extensions.PolicyConstraints, "policyConstraints", null, null)
            { Authority = Forbidden, SigningLeaf = Forbidden, TlsLeaf = Forbidden },
        new(X509Extensions.PolicyMappings, "policyMappings", null, null)
            { Authority = Forbidden, SigningLeaf = Forbidden, TlsLeaf = Forbidden },
        new(X509Extensions.InhibitAnyPolicy, "inhibitAnyPolicy", null, null)
            { Authority = Forbidden, SigningLeaf = Forbidden, TlsLeaf = Forbidden },

        // CRLs (RFC 5280 5.2): a complete, direct CRL with a number that only grows.
        new(X509Extensions.CrlNumber, "cRLNumber", false, ExtensionValueChecks.CrlNumber) { Crl = Required },
        new(X509Extensions.IssuingDistributionPoint, "issuingDistributionPoint", null, null) { Crl = Forbidden },
        new(X509Extensions.DeltaCrlIndicator, "deltaCRLIndicator", null, null) { Crl = Forbidden },

        // CRL entries (RFC 5280 5.3).
        new(X509Extensions.ReasonCode, "reasonCode", false, ExtensionValueChecks.ReasonCode) { CrlEntry = Optional },
        new(X509Extensions.InvalidityDate, "invalidityDate", false, ExtensionValueChecks.InvalidityDate) { CrlEntry = Optional },
        new(X509Extensions.CertificateIssuer, "certificateIssuer", null, null) { CrlEntry = Forbidden },
    ];

    private static readonly Dictionary<string, ExtensionRule> ByOid = All.ToDictionary(r => r.Oid.Id, StringComparer.Ordinal);

    public static ExtensionRule? Find(string oid) => ByOid.GetValueOrDefault(oid);

    public static string NameOf(string oid) => Find(oid)?.Name ?? oid;
}
