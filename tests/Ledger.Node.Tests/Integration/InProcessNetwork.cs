using Grpc.Core;
using Ledger.Client.Protos;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Testnet;
using Microsoft.AspNetCore.Builder;
using Serilog;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Four validators hosted in this test process on 127.0.0.1 (ports 8100-8132), shared by the
/// tests of <see cref="InProcessNetworkCollection"/> so the start-up is paid once. Cheaper than
/// processes, and still real Kestrel, mutual TLS and gRPC between the nodes.
/// </summary>
public sealed class InProcessNetwork : IAsyncLifetime
{
    public const int BasePort = 8100;

    private readonly List<WebApplication> _nodes = [];

    public InProcessNetwork()
    {
        Root = Path.Combine(Path.GetTempPath(), "inproc-net-" + Guid.NewGuid().ToString("N")[..8]);
        Net = TestnetBuilder.Build(Path.Combine(Root, "net"), new TestnetOptions
        {
            ChainId = "inproc-chain",
            BasePort = BasePort,
            MembersPerOrganisation = 1,
            Timing = new ConsensusTimingConfig { BaseRoundTimeoutMs = 500, MaxRoundTimeoutMs = 4000, DegradedAfterMs = 5000, HeartbeatMs = 1000 },
        });
    }

    public string Root { get; }

    public TestnetResult Net { get; }

    /// <summary>The client endpoint of validator <paramref name="index"/> (genesis order).</summary>
    public static string ClientEndpoint(int index) => TestnetBuilder.Endpoint(BasePort, index, 1);

    public static int PeerPort(int index) => BasePort + (10 * index);

    public string NodeFolder(string validator) => Path.Combine(Net.Directory, TestnetBuilder.NodesFolder, validator);

    public LedgerClient.LedgerClientClient Client(int index, out IDisposable channel)
    {
        var grpc = Ledger.Client.Nodes.NodeClientFactory.CreateChannel(ClientEndpoint(index), Net.Genesis);
        channel = grpc;
        return new LedgerClient.LedgerClientClient(grpc);
    }

    public async Task InitializeAsync()
    {
        foreach (var config in Net.NodeConfigPaths)
        {
            var node = NodeHost.Build(config, new LoggerConfiguration().CreateLogger());
            _nodes.Add(node);
            await node.StartAsync();
        }

        await WaitForHeightAsync(2, TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until validator 0 has committed at least <paramref name="height"/>.</summary>
    public async Task WaitForHeightAsync(ulong height, TimeSpan timeout)
    {
        var client = Client(0, out var channel);
        using (channel)
        {
            var started = DateTimeOffset.UtcNow;
            while (DateTimeOffset.UtcNow - started < timeout)
            {
                try
                {
                    var status = await client.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                    if (status.CommittedHeight >= height)
                    {
                        return;
                    }
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    // Still starting.
                }

                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"the in-process network did not reach height {height} within {timeout.TotalSeconds:0} s");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held open: leave the folder for inspection.
        }
    }
}
