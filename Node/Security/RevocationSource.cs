using Ledger.Crypto.Pki;
using Org.BouncyCastle.X509;

namespace Ledger.Node.Security;

/// <summary>
/// The revocations the peer policy honours now: the ledger's (Revoke transactions, replicated)
/// plus any CRL files named in the configuration, re-read when their modification time changes.
/// A CRL file that does not parse or is not signed by its organisation's CA is an error at start
/// and is ignored (keeping the last good list) when it changes later, so a half-written file
/// cannot un-revoke anything.
/// </summary>
public sealed class RevocationSource
{
    private readonly IReadOnlyList<string> _paths;
    private readonly IReadOnlyList<X509Certificate> _trustedCas;
    private readonly Func<RevocationList> _ledger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTime> _loadedAt = new(StringComparer.Ordinal);
    private RevocationList _fromFiles = RevocationList.Empty;

    public RevocationSource(IReadOnlyList<string> crlPaths, IEnumerable<X509Certificate> trustedCas, Func<RevocationList> ledger)
    {
        ArgumentNullException.ThrowIfNull(crlPaths);
        ArgumentNullException.ThrowIfNull(trustedCas);
        _paths = crlPaths;
        _trustedCas = trustedCas.ToList();
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
            var crls = new List<OrganisationCrl>();
            var stamps = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            foreach (var path in _paths)
            {
                stamps[path] = File.GetLastWriteTimeUtc(path);
                crls.Add(OrganisationCrl.Parse(File.ReadAllText(path)));
            }

            var list = RevocationList.FromCrls(crls, _trustedCas);
            foreach (var (path, stamp) in stamps)
            {
                _loadedAt[path] = stamp;
            }

            return list;
        }
        catch (Exception ex) when (!throwOnError && ex is IOException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
