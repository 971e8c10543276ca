using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Ledger.Node.Configuration;
using Ledger.Node.Security;

namespace Ledger.Node.Network;

/// <summary>
/// Builds outgoing replica channels: the node presents its own TLS certificate and accepts the
/// server only if the peer policy says it is the genesis validator this channel is meant for.
/// </summary>
public sealed class PeerChannelFactory(X509Certificate2 clientCertificate, IPeerCertificatePolicy policy, TimeProvider time, int maxMessageBytes)
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
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsExpectedPeer(certificate, expectedValidator),
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

    private bool IsExpectedPeer(X509Certificate? certificate, string expectedValidator)
    {
        if (certificate is null)
        {
            return false;
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var verdict = policy.Check(copy, time.GetUtcNow());
        return verdict.Accepted && verdict.ValidatorName == expectedValidator;
    }
}
