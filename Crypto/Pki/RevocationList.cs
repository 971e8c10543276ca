using System.Collections;
using System.Collections.Immutable;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki;

/// <summary>
/// The revoked certificates a validator honours: an immutable set of (organisation, serial).
/// The ledger builds it from Revoke transactions; tools build it from CRLs whose signatures check.
/// </summary>
public sealed class RevocationList : IReadOnlyCollection<RevokedCertificate>
{
    public static readonly RevocationList Empty = new(ImmutableHashSet<RevokedCertificate>.Empty);

    private readonly ImmutableHashSet<RevokedCertificate> _entries;

    private RevocationList(ImmutableHashSet<RevokedCertificate> entries) => _entries = entries;

    public int Count => _entries.Count;

    public RevocationList Add(string organisation, string serialHex) =>
        new(_entries.Add(Normalise(organisation, serialHex)));

    public RevocationList AddRange(IEnumerable<RevokedCertificate> entries) =>
        new(_entries.Union(entries.Select(e => Normalise(e.Organisation, e.SerialHex))));

    public bool Contains(string organisation, string serialHex) => _entries.Contains(Normalise(organisation, serialHex));

    /// <summary>
    /// Every serial of every CRL, after checking each CRL against the CRL profile and a trusted
    /// CA of its organisation. A CRL that fails is an error, not something to skip silently.
    /// </summary>
    public static RevocationList FromCrls(IEnumerable<OrganisationCrl> crls, IEnumerable<X509Certificate> trustedCas) =>
        FromCrls(crls, new CertificateValidator(trustedCas));

    /// <inheritdoc cref="FromCrls(IEnumerable{OrganisationCrl}, IEnumerable{X509Certificate})"/>
    public static RevocationList FromCrls(IEnumerable<OrganisationCrl> crls, CertificateValidator anchors)
    {
        ArgumentNullException.ThrowIfNull(crls);
        ArgumentNullException.ThrowIfNull(anchors);
        RevocationList result = Empty;
        foreach (OrganisationCrl crl in crls)
        {
            CrlValidationResult verdict = anchors.ValidateCrl(crl);
            if (!verdict.IsValid)
            {
                throw new ArgumentException($"the CRL of '{crl.Organisation}' is refused: {verdict}", nameof(crls));
            }

            result = result.Add(crl);
        }

        return result;
    }

    /// <summary>This list plus every serial <paramref name="crl"/> revokes (the caller has validated it).</summary>
    public RevocationList Add(OrganisationCrl crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        return AddRange(crl.RevokedSerials.Select(s => new RevokedCertificate(crl.Organisation, s)));
    }

    public IEnumerator<RevokedCertificate> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static RevokedCertificate Normalise(string organisation, string serialHex)
    {
        ArgumentException.ThrowIfNullOrEmpty(organisation);
        return new RevokedCertificate(organisation, CertificateNames.SerialHex(CertificateNames.ParseSerialHex(serialHex)));
    }
}
