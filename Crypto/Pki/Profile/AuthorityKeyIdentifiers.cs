using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// An authority key identifier must name the CA that signed: its keyIdentifier is the CA's
/// subject key identifier, and when it also names the CA by issuer and serial (RFC 5280 allows
/// it; the CA/Browser Forum does not, and the project no longer writes them), those are the
/// CA's own.
/// </summary>
internal static class AuthorityKeyIdentifiers
{
    /// <summary>Null when <paramref name="extensions"/> has no AKI or one naming <paramref name="ca"/>.</summary>
    public static string? Problem(X509Extensions? extensions, byte[]? caKeyId, X509Certificate ca)
    {
        Asn1Object? value = extensions?.GetExtensionParsedValue(X509Extensions.AuthorityKeyIdentifier);
        if (value is null)
        {
            return null;
        }

        var identifier = AuthorityKeyIdentifier.GetInstance(value);
        if (caKeyId is null || !identifier.KeyIdentifier.GetOctets().AsSpan().SequenceEqual(caKeyId))
        {
            return "the authority key identifier is not the subject key identifier of the CA that signed";
        }

        if (identifier.AuthorityCertSerialNumber is { } serial && !serial.Equals(ca.SerialNumber))
        {
            return "the authority key identifier names another CA serial number";
        }

        if (identifier.AuthorityCertIssuer is { } issuer
            && !issuer.GetNames().Any(n => n.TagNo == GeneralName.DirectoryName && X509Name.GetInstance(n.Name).Equivalent(ca.IssuerDN, true)))
        {
            return "the authority key identifier names another CA issuer";
        }

        return null;
    }
}
