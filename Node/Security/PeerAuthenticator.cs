using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace Ledger.Node.Security;

/// <summary>
/// Names the validator behind a replica call. The TLS handshake already refused certificates the
/// policy rejects; this re-checks (cached briefly per certificate, so a revocation takes effect
/// within <see cref="RecheckAfter"/>, and at once when the optional ledger stamp, the committed
/// view, changes, so a committed Revoke transaction bites on the next call) and insists the call came in on the peer port, so a client
/// on the client endpoint can never reach the replica service by forging the :authority header.
/// Only accepted verdicts are cached: anyone can reach the peer port's handshake with a fresh
/// certificate each time, and caching their refusals let that grow the cache without end; accepted
/// certificates are genesis validators' (their CAs issue them), and the cache is cleared should it
/// ever reach <see cref="MaxCachedCertificates"/>.
/// </summary>
public sealed class PeerAuthenticator(IPeerCertificatePolicy policy, TimeProvider time, int peerPort, Func<object?>? ledgerStamp = null)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(30);

    /// <summary>Bound on cached verdicts: every validator's certificate a few times over.</summary>
    public const int MaxCachedCertificates = 4 * Consensus.ValidatorSet.MaxValidators;

    private readonly ConcurrentDictionary<string, (PeerCertificateVerdict Verdict, DateTimeOffset At, object? Stamp)> _cache = new(StringComparer.Ordinal);

    /// <summary>The validator name, or throws PERMISSION_DENIED / UNAUTHENTICATED.</summary>
    public string Authenticate(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (http.Connection.LocalPort != peerPort)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the replica service is served on the peer endpoint only"));
        }

        var certificate = http.Connection.ClientCertificate
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "a peer must present its TLS client certificate"));
        var verdict = Check(certificate);
        return verdict.Accepted
            ? verdict.ValidatorName!
            : throw new RpcException(new Status(StatusCode.PermissionDenied, $"peer certificate refused: {verdict.Reason}"));
    }

    /// <summary>The policy's verdict now, from the cache when recent.</summary>
    public PeerCertificateVerdict Check(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = time.GetUtcNow();
        var key = certificate.Thumbprint;
        var stamp = ledgerStamp?.Invoke();
        if (_cache.TryGetValue(key, out var cached) && now - cached.At < RecheckAfter && ReferenceEquals(cached.Stamp, stamp))
        {
            return cached.Verdict;
        }

        var verdict = policy.Check(certificate, now);
        if (!verdict.Accepted)
        {
            _cache.TryRemove(key, out _);
            return verdict;
        }

        if (_cache.Count >= MaxCachedCertificates)
        {
            _cache.Clear();
        }

        _cache[key] = (verdict, now, stamp);
        return verdict;
    }

    /// <summary>Verdicts held in the cache (for the bound's test and diagnostics).</summary>
    public int CachedVerdicts => _cache.Count;
}
