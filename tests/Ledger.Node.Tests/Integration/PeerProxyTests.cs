using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Ledger.Node.Hosting;
using Ledger.Node.Testnet;
using Microsoft.AspNetCore.Builder;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// One real node (in-process host on 127.0.0.1:9600-9602) reached through plain TCP proxies on
/// other ports (9690 for the peer endpoint, 9691 for the client endpoint). A validator is its
/// TLS certificate, not the address it is dialled at: through a proxy it is admitted exactly as
/// directly. Each refused peer is logged with its reason and counted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PeerProxyTests : IAsyncLifetime
{
    private const int BasePort = 9600;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "peer-proxy-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ConcurrentQueue<LogEvent> _log = new();
    private TestnetResult _net = null!;
    private TestnetResult _stranger = null!;
    private WebApplication _node = null!;
    private TcpForwarder _peerProxy = null!;
    private TcpForwarder _clientProxy = null!;

    public async Task InitializeAsync()
    {
        _net = TestnetBuilder.Build(Path.Combine(_root, "net"), new TestnetOptions { BasePort = BasePort, MembersPerOrganisation = 1 });
        _stranger = TestnetBuilder.Build(Path.Combine(_root, "stranger"), new TestnetOptions { BasePort = BasePort + 100, MembersPerOrganisation = 1 });
        var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(new QueueSink(_log)).CreateLogger();
        _node = NodeHost.Build(Path.Combine(NodeFolder(_net, "org1-v1"), PkiLayout.NodeConfigFile), logger);
        await _node.StartAsync();
        _peerProxy = new TcpForwarder(new IPEndPoint(IPAddress.Loopback, BasePort + 90), new IPEndPoint(IPAddress.Loopback, BasePort));
        _clientProxy = new TcpForwarder(new IPEndPoint(IPAddress.Loopback, BasePort + 91), new IPEndPoint(IPAddress.Loopback, BasePort + 1));
    }

    public async Task DisposeAsync()
    {
        await _peerProxy.DisposeAsync();
        await _clientProxy.DisposeAsync();
        await _node.StopAsync();
        await _node.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Deliver_GenesisValidatorThroughAProxyOnAnotherPort_AdmittedAsDirectly()
    {
        var error = await PeerCalls.DeliverGarbageAsync(NodeFolder(_net, "org2-v1"), BasePort + 90);

        // Authenticated and routed: the service itself judged the malformed message.
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task ClientApi_ThroughAProxyOnAnotherPort_Served()
    {
        using var channel = Ledger.Client.Nodes.NodeClientFactory.CreateChannel($"127.0.0.1:{BasePort + 91}", _net.Genesis);

        var status = await new Ledger.Client.Protos.LedgerClient.LedgerClientClient(channel).GetStatusAsync(new Ledger.Client.Protos.GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.Equal("org1-v1", status.Node);
    }

    [Fact]
    public async Task Deliver_CertificateFromUnknownCa_RefusalLoggedWithItsReasonAndCounted()
    {
        var error = await PeerCalls.DeliverGarbageAsync(NodeFolder(_stranger, "org2-v1"), BasePort + 90);

        Assert.True(PeerCalls.IsRefusal(error), $"not refused: {error.Status}");
        var warning = Assert.Single(_log, e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.StartsWith("Peer refused", StringComparison.Ordinal));
        Assert.Equal("InvalidCertificate", warning.Properties["Kind"].ToString());
        // The stranger's CA has genesis's CA name but another key.
        Assert.Contains("BadSignature", warning.Properties["Reason"].ToString(), StringComparison.Ordinal);
        Assert.Contains("org2-v1", warning.Properties["Peer"].ToString(), StringComparison.Ordinal);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{BasePort + 2}/metrics");
        Assert.Contains("ledger_peer_refusals_total{side=\"inbound\",reason=\"InvalidCertificate\"} 1", metrics, StringComparison.Ordinal);
    }

    private static string NodeFolder(TestnetResult net, string validator) => Path.Combine(net.Directory, TestnetBuilder.NodesFolder, validator);

    private sealed class QueueSink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}
