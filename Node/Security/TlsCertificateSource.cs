using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Security;

/// <summary>
/// The node's TLS certificate and key, re-read when their files change, so an operator can issue a
/// new certificate (`ledger pki issue ...`) and the node uses it without a restart: Kestrel asks
/// <see cref="Current"/> at every handshake (server side) and outbound peer channels at every new
/// connection (client side). The files are looked at no more often than <see cref="CheckEvery"/>.
/// A new pair is taken only if it loads (the key matches the certificate) and passes the check
/// peers apply to this node (<see cref="IPeerCertificatePolicy"/>: genesis CA, role validator, not
/// revoked, valid now, and naming this validator); otherwise the current one stays and a warning
/// says why, so a half-written pair (certificate replaced, key not yet) is never used.
/// Replaced certificates are kept until the node stops: connections opened with them may still run.
/// </summary>
public sealed class TlsCertificateSource : IDisposable
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly string? _passphrase;
    private readonly IPeerCertificatePolicy _policy;
    private readonly string _validator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<X509Certificate2> _replaced = [];
    private volatile X509Certificate2 _current;
    private (DateTime, long, DateTime, long) _stamp;
    private long _lastCheck;

    public TlsCertificateSource(string certificatePath, string keyPath, string? passphrase, IPeerCertificatePolicy policy, string validator, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        (_certificatePath, _keyPath, _passphrase, _policy, _validator, _time, _logger) = (certificatePath, keyPath, passphrase, policy, validator, time, logger);
        _stamp = Stamp();
        _current = TlsCertificates.LoadFiles(certificatePath, keyPath, passphrase);
        _lastCheck = time.GetTimestamp();
    }

    /// <summary>The certificate to present now (the files are looked at first when <see cref="CheckEvery"/> has passed).</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (_time.GetElapsedTime(Interlocked.Read(ref _lastCheck)) >= CheckEvery)
            {
                Refresh();
            }

            return _current;
        }
    }

    /// <summary>Re-reads the files if they changed; true when a new certificate was taken.</summary>
    public bool Refresh()
    {
        lock (_lock)
        {
            Interlocked.Exchange(ref _lastCheck, _time.GetTimestamp());
            var stamp = Stamp();
            if (stamp == _stamp)
            {
                return false;
            }

            _stamp = stamp;
            var old = _current;
            X509Certificate2 loaded;
            try
            {
                loaded = TlsCertificates.LoadFiles(_certificatePath, _keyPath, _passphrase);
            }
            catch (Exception ex) when (ex is IOException or CryptographicException or KeyFileException or FormatException or ArgumentException)
            {
                CertificateLog.TlsNotReplaced(_logger, _certificatePath, $"they do not load as a certificate and its key ({ex.Message})", old.SerialNumber);
                return false;
            }

            var verdict = _policy.Check(loaded, _time.GetUtcNow());
            var refusal = !verdict.Accepted ? $"peers would refuse it ({verdict.Refusal}: {verdict.Reason})"
                : verdict.ValidatorName != _validator ? $"it names validator '{verdict.ValidatorName}', not '{_validator}'"
                : null;
            if (refusal is not null)
            {
                CertificateLog.TlsNotReplaced(_logger, _certificatePath, refusal, old.SerialNumber);
                loaded.Dispose();
                return false;
            }

            _replaced.Add(old);
            _current = loaded;
            CertificateLog.TlsReplaced(_logger, _certificatePath, old.SerialNumber, loaded.SerialNumber, new DateTimeOffset(loaded.NotAfter.ToUniversalTime(), TimeSpan.Zero));
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current.Dispose();
            foreach (var certificate in _replaced)
            {
                certificate.Dispose();
            }

            _replaced.Clear();
        }
    }

    private (DateTime, long, DateTime, long) Stamp()
    {
        static (DateTime, long) Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        }

        var (certificateTime, certificateLength) = Of(_certificatePath);
        var (keyTime, keyLength) = Of(_keyPath);
        return (certificateTime, certificateLength, keyTime, keyLength);
    }
}
