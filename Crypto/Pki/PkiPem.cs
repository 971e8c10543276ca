using System.Security.Cryptography;
using Ledger.Crypto.Pki.Profile;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki;

/// <summary>
/// PEM and DER reading and writing for certificates and CRLs. Bad input is a <see cref="FormatException"/>,
/// and so is BER: a certificate or CRL has one byte form, its DER encoding.
/// </summary>
public static class PkiPem
{
    public const string CertificateLabel = "CERTIFICATE";
    public const string CrlLabel = "X509 CRL";

    public static string ToPem(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return PemEncoding.WriteString(CertificateLabel, certificate.GetEncoded()) + "\n";
    }

    public static string ToPem(X509Crl crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        return PemEncoding.WriteString(CrlLabel, crl.GetEncoded()) + "\n";
    }

    /// <summary>The first certificate in <paramref name="pem"/>.</summary>
    public static X509Certificate ParseCertificate(string pem) =>
        ParseCertificates(pem) is { Count: > 0 } all ? all[0] : throw new FormatException("no CERTIFICATE PEM block found");

    /// <summary>Every certificate in <paramref name="pem"/>, in order (a bundle or chain file).</summary>
    public static IReadOnlyList<X509Certificate> ParseCertificates(string pem)
    {
        var result = new List<X509Certificate>();
        foreach (byte[] der in Blocks(pem, CertificateLabel))
        {
            result.Add(ParseCertificateDer(der));
        }

        return result;
    }

    public static X509Certificate ParseCertificateDer(ReadOnlySpan<byte> der)
    {
        X509Certificate certificate = ParseCertificateBer(der);
        return DerEncoding.Problem(der) is { } problem ? throw new FormatException($"the certificate's bytes are {problem}") : certificate;
    }

    /// <summary>The DER of every CERTIFICATE block in <paramref name="pem"/>, unparsed.</summary>
    internal static IEnumerable<byte[]> CertificateBlocks(string pem) => Blocks(pem, CertificateLabel);

    /// <summary>Parses BER as well as DER, for callers that report a BER form themselves.</summary>
    internal static X509Certificate ParseCertificateBer(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new X509Certificate(bytes.ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"not an X.509 certificate: {e.Message}", e);
        }
    }

    internal static X509Certificate? TryParseCertificateBer(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return ParseCertificateBer(bytes);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static X509Crl ParseCrl(string pem) => ParseCrlDer(CrlBlock(pem));

    /// <summary>
    /// A CRL from its bytes, DER or BER: unlike certificates, CRLs are read leniently, because the
    /// ledger's Revoke transactions always have been; the CRL profile refuses BER
    /// (<see cref="CertificateValidator.ValidateCrl"/>, through <see cref="OrganisationCrl.Encoded"/>).
    /// </summary>
    public static X509Crl ParseCrlDer(ReadOnlySpan<byte> der)
    {
        try
        {
            return new X509Crl(der.ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"not an X.509 CRL: {e.Message}", e);
        }
    }

    /// <summary>The bytes of the first X509 CRL block in <paramref name="pem"/>.</summary>
    internal static byte[] CrlBlock(string pem) =>
        Blocks(pem, CrlLabel).FirstOrDefault() ?? throw new FormatException("no X509 CRL PEM block found");

    /// <summary>A certificate from a .NET <see cref="System.Security.Cryptography.X509Certificates.X509Certificate2"/> (e.g. a TLS peer's).</summary>
    public static X509Certificate FromDotNet(System.Security.Cryptography.X509Certificates.X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return ParseCertificateDer(certificate.GetRawCertData());
    }

    private static IEnumerable<byte[]> Blocks(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        int offset = 0;
        while (offset < pem.Length && PemEncoding.TryFind(pem.AsSpan(offset), out PemFields fields))
        {
            string found = pem.Substring(offset + fields.Label.Start.Value, fields.Label.End.Value - fields.Label.Start.Value);
            string data = pem.Substring(offset + fields.Base64Data.Start.Value, fields.Base64Data.End.Value - fields.Base64Data.Start.Value);
            offset += fields.Location.End.Value;
            if (found != label)
            {
                continue;
            }

            byte[] der;
            try
            {
                der = Convert.FromBase64String(data);
            }
            catch (FormatException e)
            {
                throw new FormatException($"corrupt base64 in a {label} PEM block", e);
            }

            yield return der;
        }
    }
}
