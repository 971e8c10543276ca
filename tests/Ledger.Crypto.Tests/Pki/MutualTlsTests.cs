using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Pki;

namespace Ledger.Crypto.Tests.Pki;

/// <summary>The TLS certificates work for real mutual TLS in .NET, with peers judged by <see cref="CertificateValidator"/>.</summary>
public sealed class MutualTlsTests : IClassFixture<PkiFixture>
{
    private readonly PkiFixture _pki;

    public MutualTlsTests(PkiFixture pki) => _pki = pki;

    [Fact]
    public async Task Handshake_ValidatorsOfTwoOrganisations_AuthenticateEachOther()
    {
        IssuedTlsCertificate server = _pki.ValidatorTls;
        IssuedTlsCertificate client = _pki.Org2.IssueTlsCertificate("org2-v1", CertificateRole.Validator, PkiFixture.LeafFrom, PkiFixture.LeafUntil);

        (string? serverSaw, string? clientSaw) = await HandshakeAsync(server, client);

        Assert.Equal("org2-v1", serverSaw);
        Assert.Equal("org1-v1", clientSaw);
    }

    [Fact]
    public async Task Handshake_PeerWithMemberRole_IsRefused()
    {
        IssuedTlsCertificate member = _pki.Org2.IssueTlsCertificate("org2-m1", CertificateRole.Member, PkiFixture.LeafFrom, PkiFixture.LeafUntil);

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(_pki.ValidatorTls, member));
    }

    [Fact]
    public void TlsCertificate_HasLoopbackAndNameAlternativeNames()
    {
        var names = _pki.ValidatorTls.Certificate.GetSubjectAlternativeNames().Select(n => n[1]?.ToString()).ToList();

        Assert.Contains("127.0.0.1", names);
        Assert.Contains("localhost", names);
        Assert.Contains("org1-v1", names);
    }

    private async Task<(string? ServerSaw, string? ClientSaw)> HandshakeAsync(IssuedTlsCertificate serverTls, IssuedTlsCertificate clientTls)
    {
        using X509Certificate2 serverCertificate = serverTls.ToX509Certificate2();
        using X509Certificate2 clientCertificate = clientTls.ToX509Certificate2();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            string? serverSaw = null;
            string? clientSaw = null;

            async Task ServeAsync()
            {
                using TcpClient accepted = await listener.AcceptTcpClientAsync(timeout.Token);
                await using var stream = new SslStream(accepted.GetStream(), false, (_, cert, _, _) => Judge(cert, out serverSaw));
                await stream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateRequired = true,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, timeout.Token);
                await stream.WriteAsync(new byte[] { 1 }, timeout.Token);
            }

            async Task ConnectAsync()
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                await using var stream = new SslStream(tcp.GetStream(), false, (_, cert, _, _) => Judge(cert, out clientSaw));
                await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ClientCertificates = [clientCertificate],
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, timeout.Token);
                byte[] one = new byte[1];
                await stream.ReadExactlyAsync(one, timeout.Token);
            }

            await Task.WhenAll(ServeAsync(), ConnectAsync());
            return (serverSaw, clientSaw);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Peers are judged by the organisations' CAs and the required role, not by the OS trust store.</summary>
    private bool Judge(X509Certificate? presented, out string? name)
    {
        name = null;
        if (presented is null)
        {
            return false;
        }

        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        CertificateValidationResult result = _pki.BothOrgs.Validate(certificate, PkiFixture.Now, CertificatePurpose.Tls, CertificateRole.Validator);
        name = result.Identity?.Name;
        return result.IsValid;
    }
}
