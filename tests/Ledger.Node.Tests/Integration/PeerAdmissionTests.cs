using Google.Protobuf;
using Grpc.Core;
using Ledger.Crypto.Pki;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Testnet;
using Microsoft.AspNetCore.Builder;
using Serilog;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// One real node (in-process host, peer endpoint 127.0.0.1:7850) and callers presenting
/// different TLS certificates: a genesis validator passes the handshake; a validator of an
/// unknown CA and a validator whose certificate a CRL revokes are refused by TLS itself; the
/// client endpoint never serves the replica service.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PeerAdmissionTests : IAsyncLifetime
{
    private const int BasePort = 7850;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "peer-admission-" + Guid.NewGuid().ToString("N")[..8]);
    private TestnetResult _net = null!;
    private TestnetResult _stranger = null!;
    private WebApplication _node = null!;

    public async Task InitializeAsync()
    {
        _net = TestnetBuilder.Build(Path.Combine(_root, "net"), new TestnetOptions { BasePort = BasePort, MembersPerOrganisation = 1 });
        _stranger = TestnetBuilder.Build(Path.Combine(_root, "stranger"), new TestnetOptions { BasePort = BasePort + 100, MembersPerOrganisation = 1 });

        // org3's CA revokes org3-v1's TLS certificate; org1-v1 honours that CRL file.
        var org3 = Path.Combine(_net.Directory, TestnetBuilder.OrgsFolder, "org3");
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(org3, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(org3, PkiLayout.CaKeyFile)));
        var revoked = PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(NodeFolder(_net, "org3-v1"), PkiLayout.TlsCertificateFile)));
        var crl = ca.IssueCrl([CertificateNames.SerialHex(revoked.SerialNumber)], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), 2);
        await File.WriteAllTextAsync(Path.Combine(org3, "revoked-tls.crl.pem"), crl.ToPem());
        var configPath = Path.Combine(NodeFolder(_net, "org1-v1"), PkiLayout.NodeConfigFile);
        var config = NodeConfig.FromJson(await File.ReadAllTextAsync(configPath)) with { CrlPaths = ["../../orgs/org3/revoked-tls.crl.pem"] };
        await File.WriteAllTextAsync(configPath, config.ToJson());

        _node = NodeHost.Build(configPath, new LoggerConfiguration().CreateLogger());
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        await _node.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Deliver_GenesisValidatorCertificate_PassesTlsAndGetsInputValidation()
    {
        var error = await CallAsync(NodeFolder(_net, "org2-v1"), BasePort);

        // Authenticated: the call reached the service, which refused the malformed message itself.
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Deliver_CertificateFromUnknownCa_RefusedByTls()
    {
        var error = await CallAsync(NodeFolder(_stranger, "org2-v1"), BasePort);

        Assert.True(PeerCalls.IsRefusal(error), $"not refused: {error.Status}");
    }

    [Fact]
    public async Task Deliver_RevokedCertificate_RefusedByTls()
    {
        var error = await CallAsync(NodeFolder(_net, "org3-v1"), BasePort);

        Assert.True(PeerCalls.IsRefusal(error), $"not refused: {error.Status}");
    }

    [Fact]
    public async Task Deliver_OnClientEndpoint_NotServed()
    {
        var error = await CallAsync(NodeFolder(_net, "org2-v1"), BasePort + 1);

        Assert.Contains(error.StatusCode, new[] { StatusCode.Unimplemented, StatusCode.PermissionDenied });
    }

    [Fact]
    public async Task ClientApi_MalformedOrOversizeInput_RefusedPreciselyAndNothingChanges()
    {
        var genesis = _net.Genesis;
        using var channel = Ledger.Client.Nodes.NodeClientFactory.CreateChannel($"127.0.0.1:{BasePort + 1}", genesis);
        var client = new Ledger.Client.Protos.LedgerClient.LedgerClientClient(channel);

        var empty = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitTransferAsync(new Ledger.Client.Protos.SubmitTransferRequest()));
        var oversize = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitTransferAsync(new Ledger.Client.Protos.SubmitTransferRequest { Transfer = ByteString.CopyFrom(new byte[genesis.Parameters.MaxTransactionBytes + 1]) }));
        var huge = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitTransferAsync(new Ledger.Client.Protos.SubmitTransferRequest { Transfer = ByteString.CopyFrom(new byte[NodeHost.MaxClientMessageBytes + 1]) }));
        var garbage = await client.SubmitTransferAsync(new Ledger.Client.Protos.SubmitTransferRequest { Transfer = ByteString.CopyFrom(0xde, 0xad, 0xbe, 0xef) });
        var shortKey = await Assert.ThrowsAsync<RpcException>(async () => await client.GetAccountAsync(new Ledger.Client.Protos.GetAccountRequest { PublicKey = ByteString.CopyFrom(new byte[31]) }));
        var shortId = await Assert.ThrowsAsync<RpcException>(async () => await client.GetTransferAsync(new Ledger.Client.Protos.GetTransferRequest { TransactionId = ByteString.CopyFrom(new byte[5]) }));
        var genesisBlock = await Assert.ThrowsAsync<RpcException>(async () => await client.GetBlockAsync(new Ledger.Client.Protos.GetBlockRequest { Height = 0 }));
        var status = await client.GetStatusAsync(new Ledger.Client.Protos.GetStatusRequest());

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, oversize.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, huge.StatusCode);
        Assert.Equal((Ledger.Client.Protos.SubmitOutcome.Rejected, "Malformed"), (garbage.Outcome, garbage.RejectionCode));
        Assert.Equal(StatusCode.InvalidArgument, shortKey.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, shortId.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, genesisBlock.StatusCode);
        Assert.Equal(0u, status.MempoolSize);
        Assert.Equal("org1-v1", status.Node);
    }

    [Fact]
    public async Task Health_OnClientEndpoint_Serving()
    {
        using var channel = Ledger.Client.Nodes.NodeClientFactory.CreateChannel($"127.0.0.1:{BasePort + 1}", _net.Genesis);

        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());

        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Link_GenesisValidator_AcceptedAndMessagesHandledUntilTheCallerEndsIt()
    {
        using var link = PeerCalls.OpenLink(NodeFolder(_net, "org2-v1"), BasePort);

        var headers = await link.HeadersAsync();
        await link.Call.RequestStream.WriteAsync(new PeerMessage { Transactions = new TransactionBatch() });
        await link.Call.RequestStream.WriteAsync(new PeerMessage { Transactions = new TransactionBatch() });
        await link.Call.RequestStream.CompleteAsync();
        var closed = await link.Call.ResponseAsync;

        Assert.Equal(PeerLink.AcceptedValue, headers.GetValue(PeerLink.AcceptedHeader));
        Assert.Equal(2ul, closed.Received);
    }

    [Fact]
    public async Task Link_MalformedOrOversizeMessage_EndsTheCallWithInvalidArgument()
    {
        var maxTransaction = _net.Genesis.Parameters.MaxTransactionBytes;
        var refused = new List<StatusCode>();
        foreach (var message in new[]
        {
            new PeerMessage { Consensus = new ConsensusEnvelope { Kind = MessageKind.Vote, Message = ByteString.CopyFrom(1, 2, 3) } },
            new PeerMessage { Transactions = new TransactionBatch { Transactions = { ByteString.CopyFrom(new byte[maxTransaction + 1]) } } },
            new PeerMessage { Transactions = new TransactionBatch { Transactions = { ByteString.Empty } } },
            new PeerMessage(),
        })
        {
            using var link = PeerCalls.OpenLink(NodeFolder(_net, "org2-v1"), BasePort);
            await link.HeadersAsync();
            await link.Call.RequestStream.WriteAsync(message);
            refused.Add((await Assert.ThrowsAsync<RpcException>(async () => await link.Call.ResponseAsync)).StatusCode);
        }

        Assert.Equal([StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument], refused);
        using var channel = Ledger.Client.Nodes.NodeClientFactory.CreateChannel($"127.0.0.1:{BasePort + 1}", _net.Genesis);
        var status = await new Ledger.Client.Protos.LedgerClient.LedgerClientClient(channel).GetStatusAsync(new Ledger.Client.Protos.GetStatusRequest());
        Assert.Equal(0u, status.MempoolSize);
    }

    [Fact]
    public async Task Link_CertificateFromUnknownCaOrRevoked_Refused()
    {
        foreach (var identity in new[] { NodeFolder(_stranger, "org2-v1"), NodeFolder(_net, "org3-v1") })
        {
            using var link = PeerCalls.OpenLink(identity, BasePort);
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await link.HeadersAsync();
                await link.Call.ResponseAsync;
            });

            Assert.True(PeerCalls.IsRefusal(error), $"{identity} not refused: {error.Status}");
        }
    }

    [Fact]
    public async Task Link_MoreThanTheBoundFromOnePeer_RefusedWhileOtherPeersAreAccepted()
    {
        using var first = PeerCalls.OpenLink(NodeFolder(_net, "org2-v1"), BasePort);
        using var second = PeerCalls.OpenLink(NodeFolder(_net, "org2-v1"), BasePort);
        await first.HeadersAsync();
        await second.HeadersAsync();

        using var third = PeerCalls.OpenLink(NodeFolder(_net, "org2-v1"), BasePort);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await third.Call.ResponseAsync);
        using var other = PeerCalls.OpenLink(NodeFolder(_net, "org4-v1"), BasePort);
        var accepted = await other.HeadersAsync();

        Assert.Equal(2, InboundLinks.MaxPerPeer);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("org2-v1", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(PeerLink.AcceptedValue, accepted.GetValue(PeerLink.AcceptedHeader));
    }

    private static string NodeFolder(TestnetResult net, string validator) => Path.Combine(net.Directory, TestnetBuilder.NodesFolder, validator);

    private static Task<RpcException> CallAsync(string identityFolder, int port) => PeerCalls.DeliverGarbageAsync(identityFolder, port);
}
