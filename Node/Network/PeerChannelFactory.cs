using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Ledger.Node.Configuration;
using Ledger.Node.Security;

namespace Ledger.Node.Network;

/// <summary>
/// Builds outgoing replica channels: the node presents its own TLS certificate and accepts the
/// server only if the peer policy says it is the genesis validator this channel is meant for.
/// A validator's identity is its certificate, not the address it is reached at: the channel
/// never checks the dialled name or port against the certificate, so a peer behind a TCP proxy
/// on another address or port is reached like any other. A refused server is counted and logged.
/// The server is judged again after the handshake: a connection is used for new calls for at most
/// <c>reverifyAfter</c> (default <see cref="PeerAuthenticator.RecheckAfter"/>, the inbound side's
/// bound), after which the next call opens a new one whose handshake asks the policy again, so a
/// certificate revoked (by a CRL file or a committed Revoke transaction) or expired while a
/// connection is open stops being used within that time; the old connection is closed once its
/// calls in flight end (each unary call has a deadline; a peer link's long-lived Link call is
/// replaced by its <see cref="PeerLink"/> after <see cref="ReverifyAfter"/>).
/// The node's own certificate is asked for at each new connection (<c>clientCertificate</c>), so a
/// TLS certificate replaced on disk (<see cref="TlsCertificateSource"/>) is presented from the next
/// connection on, at the latest after <c>reverifyAfter</c>.
/// </summary>
public sealed class PeerChannelFactory(
    Func<X509Certificate2> clientCertificate, IPeerCertificatePolicy policy, TimeProvider time, int maxMessageBytes, PeerRefusals? refusals = null, TimeSpan? reverifyAfter = null)
{
    private readonly TimeSpan _reverifyAfter = reverifyAfter is { } bound && bound <= TimeSpan.Zero
        ? throw new ArgumentOutOfRangeException(nameof(reverifyAfter), bound, "the re-verification bound must be positive")
        : reverifyAfter ?? PeerAuthenticator.RecheckAfter;

    /// <summary>How long one connection is used for new calls; peer links renew their Link call as often.</summary>
    public TimeSpan ReverifyAfter => _reverifyAfter;

    /// <summary>With a fixed client certificate.</summary>
    public PeerChannelFactory(X509Certificate2 clientCertificate, IPeerCertificatePolicy policy, TimeProvider time, int maxMessageBytes, PeerRefusals? refusals = null, TimeSpan? reverifyAfter = null)
        : this(() => clientCertificate, policy, time, maxMessageBytes, refusals, reverifyAfter)
    {
    }

    public GrpcChannel Create(string expectedValidator, HostPort endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,

            // Bounds how long one handshake's verdict on the server is relied on (see above).
            PooledConnectionLifetime = _reverifyAfter,
            SslOptions = new SslClientAuthenticationOptions
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate(),
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsExpectedPeer(certificate, expectedValidator, endpoint),
            },
        };
        return GrpcChannel.ForAddress(endpoint.ToHttpsUri(), new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
        });
    }

    private bool IsExpectedPeer(X509Certificate? certificate, string expectedValidator, HostPort endpoint)
    {
        var peer = $"{expectedValidator} at {endpoint}";
        if (certificate is null)
        {
            refusals?.Outbound(PeerRefusal.NoCertificate, peer, "the server presented no certificate");
            return false;
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var verdict = policy.Check(copy, time.GetUtcNow());
        if (!verdict.Accepted)
        {
            refusals?.Outbound(verdict.Refusal, peer, verdict.Reason);
            return false;
        }

        if (verdict.ValidatorName != expectedValidator)
        {
            refusals?.Outbound(PeerRefusal.UnexpectedValidator, peer, $"the server is validator '{verdict.ValidatorName}'");
            return false;
        }

        return true;
    }
}
