using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Ledger.Client.Protos;
using Ledger.Genesis;

namespace Ledger.Client.Nodes;

/// <summary>
/// Client channels to a node's client endpoint. The server's TLS certificate must be a genesis
/// organisation's validator TLS certificate, valid now and not revoked by the CRLs the client was
/// given (<see cref="NodeCertificateTrust"/>; genesis CAs only, never the operating system's store).
/// </summary>
public static class NodeClientFactory
{
    /// <summary>
    /// The largest answer accepted: what a node may send (its peer and client message limit,
    /// 48 MiB). A transfer's or a block's evidence carries the whole block (up to the consensus
    /// payload cap of 4 MB plus its QCs), past gRPC's default 4 MB receive limit.
    /// </summary>
    public const int MaxAnswerBytes = 48 * 1024 * 1024;

    public static GrpcChannel CreateChannel(string endpoint, GenesisDocument genesis) => CreateChannel(endpoint, NodeCertificateTrust.Of(genesis));

    public static GrpcChannel CreateChannel(string endpoint, NodeCertificateTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (!NodeEndpoint.TryParse(endpoint, out var address))
        {
            throw new ArgumentException($"node address '{endpoint}' is not host:port", nameof(endpoint));
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                // Refusing here fails the handshake before a byte of a request is sent, which the
                // wallet relies on (LedgerNodes.MayHaveBeenDelivered) to retry a transfer safely.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return trust.Check(copy, endpoint).IsValid;
                },
            },
        };
        return GrpcChannel.ForAddress(address.ToHttpsUri(), new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxAnswerBytes,
        });
    }

    public static LedgerClient.LedgerClientClient Create(string endpoint, GenesisDocument genesis) => new(CreateChannel(endpoint, genesis));
}
