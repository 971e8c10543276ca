using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Protos.Client;

namespace Ledger.Node.Client;

/// <summary>
/// Client channels to a node's client endpoint. The server's TLS certificate must be a genesis
/// organisation's validator TLS certificate, valid now (foundation PKI, genesis CAs only; never
/// the operating system's store).
/// </summary>
public static class NodeClientFactory
{
    public static GrpcChannel CreateChannel(string endpoint, GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        if (!HostPort.TryParse(endpoint, out var address))
        {
            throw new ArgumentException($"node address '{endpoint}' is not host:port", nameof(endpoint));
        }

        var anchors = CertificateValidator.FromPem(genesis.Organisations.Select(o => o.CaCertificatePem));
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null
                    && anchors.Validate(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), DateTimeOffset.UtcNow, CertificatePurpose.Tls, CertificateRole.Validator).IsValid,
            },
        };
        // A transfer's or a block's evidence carries the whole block (up to the consensus payload
        // cap of 4 MB plus its QCs), past gRPC's default 4 MB receive limit; accept up to what a
        // node sends.
        return GrpcChannel.ForAddress(address.ToHttpsUri(), new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = NodeHost.MaxPeerMessageBytes,
        });
    }

    public static LedgerClient.LedgerClientClient Create(string endpoint, GenesisDocument genesis) => new(CreateChannel(endpoint, genesis));
}
