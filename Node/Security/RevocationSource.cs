using Ledger.Crypto.Pki;
using Org.BouncyCastle.X509;

namespace Ledger.Node.Security;

/// <summary>
/// The revocations the peer policy honours now: the ledger's (Revoke transactions, replicated)
/// plus any CRL files named in the configuration, re-read when their modification time changes.
/// A CRL file that does not parse or fails the CRL profile (docs/ARCHITECTURE.md: signed by its
/// organisation's CA, ...) is an error at start and is ignored (keeping the last good list) when it
/// changes later, so a half-written file cannot un-revoke anything; nor can an older CRL copied
/// over a newer one: a file's CRL number must not go down (equal only for the same CRL).
/// </summary>
public sealed class RevocationSource
{
    private readonly IReadOnlyList<string> _paths;
    private readonly CertificateValidator _anchors;
    private readonly Func<RevocationList> _ledger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTime> _loadedAt = new(StringComparer.Ordinal);

    // The CRL last accepted from each file: what a changed file must succeed.
    private Dictionary<string, OrganisationCrl> _accepted = new(StringComparer.Ordinal);
    private RevocationList _fromFiles = RevocationList.Empty;

    public RevocationSource(IReadOnlyList<string> crlPaths, IEnumerable<X509Certificate> trustedCas, Func<RevocationList> ledger)
    {
        ArgumentNullException.ThrowIfNull(crlPaths);
        ArgumentNullException.ThrowIfNull(trustedCas);
        _paths = crlPaths;
        _anchors = new CertificateValidator(trustedCas);
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _fromFiles = LoadAll(throwOnError: true) ?? RevocationList.Empty;
    }

    public RevocationList Current()
    {
        lock (_gate)
        {
            if (_paths.Any(p => File.Exists(p) && File.GetLastWriteTimeUtc(p) != _loadedAt.GetValueOrDefault(p)))
            {
                _fromFiles = LoadAll(throwOnError: false) ?? _fromFiles;
            }

            return _fromFiles.AddRange(_ledger());
        }
    }

    private RevocationList? LoadAll(bool throwOnError)
    {
        try
        {
            var crls = new Dictionary<string, OrganisationCrl>(StringComparer.Ordinal);
            var stamps = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            var list = RevocationList.Empty;
            foreach (var path in _paths)
            {
                stamps[path] = File.GetLastWriteTimeUtc(path);
                var crl = OrganisationCrl.Parse(File.ReadAllText(path));
                var verdict = _anchors.ValidateCrl(crl, _accepted.GetValueOrDefault(path));
                if (!verdict.IsValid)
                {
                    throw new ArgumentException($"CRL file '{path}' is refused: {verdict}");
                }

                crls[path] = crl;
                list = list.Add(crl);
            }

            foreach (var (path, stamp) in stamps)
            {
                _loadedAt[path] = stamp;
            }

            _accepted = crls;
            return list;
        }
        catch (Exception ex) when (!throwOnError && ex is IOException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
