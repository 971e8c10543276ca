using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki;

/// <summary>
/// A certificate revocation list issued by an organisation CA. Parsing reads BER as well as DER
/// (the ledger's Revoke transactions have always taken any encoding their CA signed); the CRL
/// profile (<see cref="CertificateValidator.ValidateCrl"/>) refuses a CRL read from bytes that
/// are not DER.
/// </summary>
public sealed class OrganisationCrl
{
    public OrganisationCrl(X509Crl crl)
        : this(crl, null)
    {
    }

    private OrganisationCrl(X509Crl crl, byte[]? encoded)
    {
        Encoded = encoded;
        Crl = crl ?? throw new ArgumentNullException(nameof(crl));
        Organisation = CertificateNames.Get(crl.IssuerDN, X509Name.O)
            ?? throw new FormatException("the CRL issuer has no single O (organisation) attribute");
        var serials = new List<string>();
        foreach (X509CrlEntry entry in crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
        {
            serials.Add(CertificateNames.SerialHex(entry.SerialNumber));
        }

        serials.Sort(StringComparer.Ordinal);
        RevokedSerials = serials;
    }

    public X509Crl Crl { get; }

    /// <summary>The bytes this CRL was read from, or null when it was built in memory.</summary>
    public byte[]? Encoded { get; }

    public string Organisation { get; }

    public DateTimeOffset ThisUpdate => new(Crl.ThisUpdate, TimeSpan.Zero);

    public DateTimeOffset? NextUpdate => Crl.NextUpdate is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>The CRL number extension (monotonic per CA), or null when absent.</summary>
    public BigInteger? Number
    {
        get
        {
            Asn1OctetString? value = Crl.CertificateList.TbsCertList.Extensions?.GetExtension(X509Extensions.CrlNumber)?.Value;
            return value is null ? null : DerInteger.GetInstance(value.GetOctets()).Value;
        }
    }

    /// <summary>The CRL number as a long (what this project's CAs write), or null when absent; an <see cref="ArithmeticException"/> beyond.</summary>
    public long? CrlNumber => Number?.LongValueExact;

    /// <summary>Revoked serials as lower-case hex, sorted.</summary>
    public IReadOnlyList<string> RevokedSerials { get; }

    public static OrganisationCrl Parse(string pem) => ParseDer(PkiPem.CrlBlock(pem));

    public static OrganisationCrl ParseDer(ReadOnlySpan<byte> der) => new(PkiPem.ParseCrlDer(der), der.ToArray());

    public string ToPem() => PkiPem.ToPem(Crl);

    public bool IsRevoked(string serialHex) =>
        RevokedSerials.Contains(CertificateNames.SerialHex(CertificateNames.ParseSerialHex(serialHex)), StringComparer.Ordinal);

    /// <summary>True when <paramref name="ca"/> has the CRL's issuer name and its key made the CRL's signature.</summary>
    public bool IsSignedBy(X509Certificate ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        if (!ca.SubjectDN.Equivalent(Crl.IssuerDN))
        {
            return false;
        }

        try
        {
            return Crl.IsSignatureValid(ca.GetPublicKey());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="at"/> lies in [thisUpdate, nextUpdate].</summary>
    public bool IsCurrent(DateTimeOffset at) => at >= ThisUpdate && (NextUpdate is null || at <= NextUpdate);
}
