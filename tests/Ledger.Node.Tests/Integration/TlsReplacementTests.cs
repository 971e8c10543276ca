using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Ledger.Node.Testnet;
using Xunit.Abstractions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// A validator's TLS certificate replaced on disk while four validators run as processes: the
/// operator issues a new one with `ledger pki issue` and copies it over the node's files; without a
/// restart the node presents it on its client endpoint, reports it in GetStatus, renews its
/// outbound peer connections with it (peers admit it by CA and genesis name), and the network
/// keeps committing with that node in it.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecondProcessClusterCollection.Name)]
public sealed class TlsReplacementTests(ITestOutputHelper output)
{
    private const string Validator = "org1-v1";

    [Fact]
    public async Task ReplaceTlsCertificate_WhileRunning_PresentedAndPeersKeepCommittingWithIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var cluster = new ClusterHarness(8000);
        cluster.Network.StartAll();
        var names = cluster.Network.Validators.Select(v => v.Name).ToList();
        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= 2), TimeSpan.FromSeconds(60), "network start", ct);
        var endpoint = cluster.ClientEndpoint(Validator);
        var before = await PresentedSerialAsync(endpoint, ct);

        // The operator's steps: a new identity from the organisation's CA, its TLS pair copied over the node's.
        var renewed = Path.Combine(cluster.Network.Directory, "renewed");
        var issue = await CliRun.LedgerAsync("pki", "issue", "--ca", Path.Combine(cluster.Network.Directory, TestnetBuilder.OrgsFolder, "org1"),
            "--role", "validator", "--name", Validator, "--out", renewed);
        output.WriteLine($"pki issue: exit {issue.ExitCode}\n{issue.Output}\n{issue.Error}");
        Assert.Equal(0, issue.ExitCode);
        var nodeFolder = Path.Combine(cluster.Network.Directory, TestnetBuilder.NodesFolder, Validator);
        File.Copy(Path.Combine(renewed, PkiLayout.TlsKeyFile), Path.Combine(nodeFolder, PkiLayout.TlsKeyFile), overwrite: true);
        File.Copy(Path.Combine(renewed, PkiLayout.TlsCertificateFile), Path.Combine(nodeFolder, PkiLayout.TlsCertificateFile), overwrite: true);
        using var fresh = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(renewed, PkiLayout.TlsCertificateFile)));
        Assert.NotEqual(before, fresh.SerialNumber);

        // The node reports it and presents it in new handshakes, without a restart.
        var serialHex = fresh.SerialNumber.TrimStart('0').ToLowerInvariant();
        await cluster.WaitAsync([Validator], s => s[0].Certificates.Any(c => c.Kind == "tls" && c.Serial == serialHex), TimeSpan.FromSeconds(30), "status reports the new TLS certificate", ct);
        Assert.Equal(fresh.SerialNumber, await PresentedSerialAsync(endpoint, ct));

        // Its outbound peer connections are renewed within 30 s, presenting the new certificate
        // (the node counts the peers its current one reached); past that, the network still
        // commits with every validator, this one included.
        await WaitPresentedToAllPeersAsync(cluster, names.Count - 1, TimeSpan.FromSeconds(45), ct);
        var height = (await cluster.StatusAsync(Validator, ct)).CommittedHeight;
        await cluster.SendAsync(8, ct);
        await cluster.WaitAsync(names, s => s.All(x => x.CommittedHeight >= height + 3 && x.Peers.All(p => p.Connected)), TimeSpan.FromSeconds(60), "commits after the replacement", ct);
        Assert.True(cluster.Network.IsRunning(Validator));
    }

    private async Task WaitPresentedToAllPeersAsync(ClusterHarness cluster, int peers, TimeSpan timeout, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        double presented;
        while ((presented = await cluster.MetricAsync(Validator, "ledger_peers_on_current_tls_certificate", ct)) < peers)
        {
            Assert.True(DateTimeOffset.UtcNow - started < timeout, $"the new certificate reached {presented} of {peers} peers in {timeout.TotalSeconds} s");
            await Task.Delay(250, ct);
        }

        output.WriteLine($"the new certificate reached all {peers} peers {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s after the node reported it");
    }

    // The serial of the certificate the endpoint presents in a fresh TLS handshake.
    private static async Task<string> PresentedSerialAsync(string endpoint, CancellationToken ct)
    {
        var (host, port) = (endpoint[..endpoint.LastIndexOf(':')], int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port, ct);
        string? serial = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            serial = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()).SerialNumber;
            return true;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", ApplicationProtocols = [SslApplicationProtocol.Http2] }, ct);
        return serial ?? throw new InvalidOperationException("no certificate presented");
    }
}
