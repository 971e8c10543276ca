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
/// </summary>
public sealed class PeerChannelFactory(X509Certificate2 clientCertificate, IPeerCertificatePolicy policy, TimeProvider time, int maxMessageBytes, PeerRefusals? refusals = null)
{
    public GrpcChannel Create(string expectedValidator, HostPort endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
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
