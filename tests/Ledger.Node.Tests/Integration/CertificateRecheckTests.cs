using Google.Protobuf;
using Grpc.Core;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Crypto.Pki;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Security;
using Ledger.Node.Testnet;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// TLS checks of a node's certificate beyond the first handshake, against one real node (org1-v1,
/// in-process, peer endpoint 127.0.0.1:7650, client endpoint 7651): a wallet given a CRL that
/// revokes the node's TLS certificate refuses the node before sending anything and says why; an
/// outbound peer channel whose server is revoked or expires while its connection is open stops
/// being used within the re-verification bound, and one whose own certificate is replaced presents
/// the new one within it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CertificateRecheckTests : IAsyncLifetime
{
    private const int BasePort = 7650;
    private static readonly TimeSpan ReverifyAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(20);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cert-recheck-" + Guid.NewGuid().ToString("N")[..8]);
    private TestnetResult _net = null!;
    private WebApplication _node = null!;

    public async Task InitializeAsync()
    {
        _net = TestnetBuilder.Build(Path.Combine(_root, "net"), new TestnetOptions { BasePort = BasePort, MembersPerOrganisation = 1 });
        _node = NodeHost.Build(Path.Combine(NodeFolder("org1-v1"), PkiLayout.NodeConfigFile), new LoggerConfiguration().CreateLogger());
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        await _node.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ClientChannel_CrlRevokesNodeCertificate_RefusedBeforeSendingWithTheReason()
    {
        string endpoint = $"127.0.0.1:{BasePort + 1}";
        var trust = NodeCertificateTrust.Of(_net.Genesis, [RevokingCrl("org1-v1")]);
        using var nodes = new LedgerNodes(_net.Genesis, [endpoint], trust);

        var none = await Assert.ThrowsAsync<NoNodeAnsweredException>(() =>
            nodes.FirstVerifiedAsync((client, ct) => client.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct).ResponseAsync, CancellationToken.None));
        using var revokedChannel = NodeClientFactory.CreateChannel(endpoint, trust);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new LedgerClient.LedgerClientClient(revokedChannel).GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10)));
        using var plainChannel = NodeClientFactory.CreateChannel(endpoint, NodeCertificateTrust.Of(_net.Genesis));
        var status = await new LedgerClient.LedgerClientClient(plainChannel).GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

        var failure = Assert.Single(none.Failures);
        Assert.Equal(NodeFailureKind.Unreachable, failure.Kind);
        Assert.Contains("Revoked", failure.Message, StringComparison.Ordinal);
        Assert.False(LedgerNodes.MayHaveBeenDelivered(error), $"a refused node must count as never reached: {error.Status}");
        Assert.StartsWith(nameof(CertificateRejection.Revoked), trust.RefusalOf(endpoint), StringComparison.Ordinal);
        Assert.Equal("org1-v1", status.Node);
    }

    [Fact]
    public void TrustOf_CrlOfAnotherNetwork_Throws()
    {
        var stranger = TestnetBuilder.Build(Path.Combine(_root, "stranger"), new TestnetOptions { BasePort = BasePort + 100, MembersPerOrganisation = 1 });
        var foreign = OrganisationCrl.Parse(File.ReadAllText(Path.Combine(stranger.Directory, TestnetBuilder.OrgsFolder, "org1", PkiLayout.CrlFile)));

        var error = Assert.Throws<ArgumentException>(() => NodeCertificateTrust.Of(_net.Genesis, [foreign]));

        Assert.Contains(nameof(CrlRejection.BadSignature), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerChannel_ServerRevokedWhileConnected_RefusedWithinTheBound()
    {
        var revocations = RevocationList.Empty;
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => Volatile.Read(ref revocations));

        await AssertRefusedAfterChangeAsync(policy, TimeProvider.System, () => Volatile.Write(ref revocations, RevocationList.Empty.Add(RevokingCrl("org1-v1"))), "Revoked");
    }

    [Fact]
    public async Task PeerChannel_ServerExpiresWhileConnected_RefusedWithinTheBound()
    {
        var clock = new ShiftedTime();
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);
        var notAfter = PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(NodeFolder("org1-v1"), PkiLayout.TlsCertificateFile))).NotAfter;

        await AssertRefusedAfterChangeAsync(policy, clock, () => clock.Offset = new DateTimeOffset(notAfter, TimeSpan.Zero).AddDays(1) - DateTimeOffset.UtcNow, "Expired");
    }

    /// <summary>
    /// The factory's record of what each peer's newest handshake presented (the gauge
    /// ledger_peers_on_current_tls_certificate) follows a replaced client certificate once the
    /// connection is renewed. Whether the peer admits it is TlsReplacementTests' end-to-end check;
    /// here only the handshakes matter, so the calls' answers are not looked at.
    /// </summary>
    [Fact]
    public async Task PeerChannel_ClientCertificateReplaced_PresentedWithinTheBound()
    {
        using var first = LoadTls("org2-v1");
        using var second = LoadTls("org2-v1");
        var current = first;
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);
        var factory = new PeerChannelFactory(() => Volatile.Read(ref current), policy, TimeProvider.System, NodeHost.MaxPeerMessageBytes, reverifyAfter: ReverifyAfter);
        using var channel = factory.Create("org1-v1", HostPort.Parse($"127.0.0.1:{BasePort}"));
        var client = new Replica.ReplicaClient(channel);

        await CallUntilPresentedAsync(factory, client, first);
        Assert.Equal((1, 0), (factory.PresentedTo(first), factory.PresentedTo(second)));
        Volatile.Write(ref current, second);
        await CallUntilPresentedAsync(factory, client, second);

        Assert.Equal((0, 1), (factory.PresentedTo(first), factory.PresentedTo(second)));
    }

    private static async Task CallUntilPresentedAsync(PeerChannelFactory factory, Replica.ReplicaClient client, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var started = DateTimeOffset.UtcNow;
        while (factory.PresentedTo(certificate) == 0 && DateTimeOffset.UtcNow - started < GiveUpAfter)
        {
            await DeliverGarbageAsync(client);
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// Opens an outbound channel to org1-v1 as org2-v1, proves it admitted, makes the change, and
    /// calls until the server is refused: that must happen within the bound (plus slack for a
    /// loaded machine), be counted as an outbound InvalidCertificate, and name <paramref name="reason"/>.
    /// Without the re-verification the first connection would serve every later call.
    /// </summary>
    private async Task AssertRefusedAfterChangeAsync(IPeerCertificatePolicy policy, TimeProvider time, Action change, string reason)
    {
        var refused = new List<string>();
        var refusals = new PeerRefusals(NullLogger.Instance, (side, kind) => { lock (refused) { refused.Add($"{side}/{kind}"); } }, TimeProvider.System);
        using var certificate = LoadTls("org2-v1");
        var factory = new PeerChannelFactory(certificate, policy, time, NodeHost.MaxPeerMessageBytes, refusals, ReverifyAfter);
        using var channel = factory.Create("org1-v1", HostPort.Parse($"127.0.0.1:{BasePort}"));
        var client = new Replica.ReplicaClient(channel);

        Assert.Equal(StatusCode.InvalidArgument, (await DeliverGarbageAsync(client)).StatusCode);
        change();
        var started = DateTimeOffset.UtcNow;
        RpcException error;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            error = await DeliverGarbageAsync(client);
        }
        while (!PeerCalls.IsRefusal(error) && DateTimeOffset.UtcNow - started < GiveUpAfter);

        Assert.True(PeerCalls.IsRefusal(error), $"still admitted {GiveUpAfter.TotalSeconds} s after the change: {error.Status}");
        lock (refused)
        {
            Assert.Contains("outbound/InvalidCertificate", refused);
        }

        using var server = ServerCertificate();
        Assert.Contains(reason, policy.Check(server, time.GetUtcNow()).Reason, StringComparison.Ordinal);
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 ServerCertificate() =>
        System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(
            PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(NodeFolder("org1-v1"), PkiLayout.TlsCertificateFile))).GetEncoded());

    private static async Task<RpcException> DeliverGarbageAsync(Replica.ReplicaClient client) =>
        await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeliverAsync(new ConsensusEnvelope { Kind = MessageKind.Vote, Message = ByteString.CopyFrom(1, 2, 3) }, deadline: DateTime.UtcNow.AddSeconds(10)));

    /// <summary>A CRL of the validator's organisation CA revoking its TLS certificate.</summary>
    private OrganisationCrl RevokingCrl(string validator)
    {
        string organisation = validator[..validator.IndexOf('-', StringComparison.Ordinal)];
        string orgFolder = Path.Combine(_net.Directory, TestnetBuilder.OrgsFolder, organisation);
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaKeyFile)));
        var tls = PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(NodeFolder(validator), PkiLayout.TlsCertificateFile)));
        return ca.IssueCrl([CertificateNames.SerialHex(tls.SerialNumber)], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), 2);
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 LoadTls(string validator) =>
        TlsCertificates.LoadFiles(Path.Combine(NodeFolder(validator), PkiLayout.TlsCertificateFile), Path.Combine(NodeFolder(validator), PkiLayout.TlsKeyFile));

    private string NodeFolder(string validator) => Path.Combine(_net.Directory, TestnetBuilder.NodesFolder, validator);

    /// <summary>The system clock moved by <see cref="Offset"/>: only the policy's view of "now" changes, not the transport's timers.</summary>
    private sealed class ShiftedTime : TimeProvider
    {
        private long _offsetTicks;

        public TimeSpan Offset
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
            set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
        }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
