using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace Ledger.Node.Security;

/// <summary>
/// Names the validator behind a replica call. The TLS handshake already refused certificates the
/// policy rejects; this re-checks (cached briefly per certificate, so a revocation takes effect
/// within <see cref="RecheckAfter"/>, and at once when the optional ledger stamp changes: the
/// node stamps with the committed certificates root, which a committed Revoke transaction changes,
/// so it bites on the next call, while an ordinary commit leaves every cached verdict standing;
/// stamps are compared by value) and insists the call came in on the peer port, so a client
/// on the client endpoint can never reach the replica service by forging the :authority header.
/// Only accepted verdicts are cached: anyone can reach the peer port's handshake with a fresh
/// certificate each time, and caching their refusals let that grow the cache without end; accepted
/// certificates are genesis validators' (their CAs issue them), and the cache is cleared should it
/// ever reach <see cref="MaxCachedCertificates"/>.
/// </summary>
public sealed class PeerAuthenticator(IPeerCertificatePolicy policy, TimeProvider time, int peerPort, Func<object?>? ledgerStamp = null, PeerRefusals? refusals = null)
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
        var caller = $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";
        if (http.Connection.LocalPort != peerPort)
        {
            refusals?.Inbound(PeerRefusal.WrongEndpoint, caller, $"replica call on port {http.Connection.LocalPort}, not the peer port {peerPort}");
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the replica service is served on the peer endpoint only"));
        }

        var certificate = http.Connection.ClientCertificate;
        if (certificate is null)
        {
            refusals?.Inbound(PeerRefusal.NoCertificate, caller, "no TLS client certificate");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "a peer must present its TLS client certificate"));
        }

        var verdict = Check(certificate);
        if (!verdict.Accepted)
        {
            refusals?.Inbound(verdict.Refusal, $"{caller} ({certificate.Subject})", verdict.Reason);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"peer certificate refused: {verdict.Reason}"));
        }

        return verdict.ValidatorName!;
    }

    /// <summary>
    /// The TLS handshake's check of a client certificate on the peer endpoint: the verdict, with a
    /// refusal counted and logged (the handshake itself only fails, saying nothing to anyone).
    /// </summary>
    public bool AdmitsHandshake(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string remote)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var verdict = Check(certificate);
        if (!verdict.Accepted)
        {
            refusals?.Inbound(verdict.Refusal, $"{remote} ({certificate.Subject})", verdict.Reason);
        }

        return verdict.Accepted;
    }

    /// <summary>The policy's verdict now, from the cache when recent.</summary>
    public PeerCertificateVerdict Check(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = time.GetUtcNow();
        var key = certificate.Thumbprint;
        var stamp = ledgerStamp?.Invoke();
        if (_cache.TryGetValue(key, out var cached) && now - cached.At < RecheckAfter && Equals(cached.Stamp, stamp))
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
