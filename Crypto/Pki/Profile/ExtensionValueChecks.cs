using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// What each known extension's value must decode to, with BouncyCastle's own ASN.1 types; each
/// returns the problem in words, or null. Whether a value suits its certificate (cA, which key
/// usages) is judged by the validator, which has the right rejection for it.
/// </summary>
internal static class ExtensionValueChecks
{
    /// <summary>A positive integer of at most 20 octets (RFC 5280 4.1.2.2, 5.2.3): the top bit of the first octet is the sign.</summary>
    public const int MaxIntegerBits = (20 * 8) - 1;

    public static string? BasicConstraints(Asn1Object value, ExtensionContext context)
    {
        var constraints = Org.BouncyCastle.Asn1.X509.BasicConstraints.GetInstance(value);
        return !constraints.IsCA() && constraints.PathLenConstraintInteger is not null
            ? "pathLenConstraint without cA" // RFC 5280 4.2.1.9
            : null;
    }

    public static string? KeyUsage(Asn1Object value, ExtensionContext context) =>
        Org.BouncyCastle.Asn1.X509.KeyUsage.GetInstance(value).IntValue == 0
            ? "no key usage bit set" // RFC 5280 4.2.1.3
            : null;

    public static string? ExtendedKeyUsage(Asn1Object value, ExtensionContext context) =>
        Org.BouncyCastle.Asn1.X509.ExtendedKeyUsage.GetInstance(value).Count == 0 ? "no key purpose" : null;

    public static string? SubjectKeyIdentifier(Asn1Object value, ExtensionContext context) =>
        Org.BouncyCastle.Asn1.X509.SubjectKeyIdentifier.GetInstance(value).GetKeyIdentifier().Length == 0 ? "empty key identifier" : null;

    public static string? AuthorityKeyIdentifier(Asn1Object value, ExtensionContext context)
    {
        var identifier = Org.BouncyCastle.Asn1.X509.AuthorityKeyIdentifier.GetInstance(value);
        if (identifier.KeyIdentifier is null || identifier.KeyIdentifier.GetOctets().Length == 0)
        {
            return "no keyIdentifier"; // RFC 5280 4.2.1.1: conforming CAs MUST include it
        }

        // X.509: authorityCertIssuer and authorityCertSerialNumber are both present or both absent.
        return (identifier.AuthorityCertIssuer is null) != (identifier.AuthorityCertSerialNumber is null)
            ? "authorityCertIssuer and authorityCertSerialNumber must come together"
            : null;
    }

    public static string? SubjectAlternativeName(Asn1Object value, ExtensionContext context)
    {
        GeneralName[] names = GeneralNames.GetInstance(value).GetNames();
        if (names.Length == 0)
        {
            return "no names"; // RFC 5280 4.2.1.6: at least one entry
        }

        foreach (GeneralName name in names)
        {
            string? problem = name.TagNo switch
            {
                GeneralName.DnsName => DnsNameProblem(DerIA5String.GetInstance(name.Name).GetString()),
                GeneralName.IPAddress => Asn1OctetString.GetInstance(name.Name).GetOctets().Length is 4 or 16
                    ? null
                    : "an iPAddress that is neither 4 nor 16 octets",
                _ when context == ExtensionContext.TlsLeaf => $"a name of type {name.TagNo}; a TLS certificate names only DNS names and IP addresses",
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    public static string? AuthorityInfoAccess(Asn1Object value, ExtensionContext context) =>
        Org.BouncyCastle.Asn1.X509.AuthorityInformationAccess.GetInstance(value).GetAccessDescriptions().Length == 0 ? "no access description" : null;

    public static string? CrlDistributionPoints(Asn1Object value, ExtensionContext context) =>
        CrlDistPoint.GetInstance(value).GetDistributionPoints().Length == 0 ? "no distribution point" : null;

    public static string? CertificatePolicies(Asn1Object value, ExtensionContext context) =>
        Org.BouncyCastle.Asn1.X509.CertificatePolicies.GetInstance(value).GetPolicyInformation().Length == 0 ? "no policy" : null;

    public static string? CrlNumber(Asn1Object value, ExtensionContext context)
    {
        DerInteger number = DerInteger.GetInstance(value);
        if (number.Value.SignValue < 0)
        {
            return "a negative CRL number";
        }

        return number.Value.BitLength > MaxIntegerBits ? "a CRL number longer than 20 octets" : null; // RFC 5280 5.2.3
    }

    public static string? ReasonCode(Asn1Object value, ExtensionContext context)
    {
        int reason = DerEnumerated.GetInstance(value).IntValueExact;

        // 7 is unassigned; removeFromCRL (8) belongs to delta CRLs, which the profile does not use.
        return reason is >= CrlReason.Unspecified and <= CrlReason.AACompromise and not 7 and not CrlReason.RemoveFromCrl
            ? null
            : $"reason code {reason} is not a revocation reason of a complete CRL";
    }

    public static string? InvalidityDate(Asn1Object value, ExtensionContext context)
    {
        _ = Asn1GeneralizedTime.GetInstance(value).ToDateTime();
        return null;
    }

    /// <summary>
    /// A DNS name as the network writes them: 1-253 characters of letters, digits, '-', '_' and
    /// '.', no empty label, no wildcard. '_' is allowed because identity names may hold one (the
    /// CA/Browser Forum no longer allows it in public TLS certificates; nothing here is public).
    /// </summary>
    public static string? DnsNameProblem(string name)
    {
        bool safe = name.Length is > 0 and <= 253
            && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.')
            && name.Split('.').All(label => label.Length is > 0 and <= 63);
        return safe ? null : $"DNS name '{name}' is not 1-253 characters of letters, digits, '-', '_' in non-empty dot-separated labels";
    }
}
