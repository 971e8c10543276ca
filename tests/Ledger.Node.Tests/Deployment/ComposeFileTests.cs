using Ledger.Node.Configuration;
using Ledger.Node.Testnet;
using YamlDotNet.RepresentationModel;

namespace Ledger.Node.Tests.Deployment;

/// <summary>
/// configs/compose.yaml checked without Docker against what it runs: the configuration that
/// `ledger testnet init --hosts` writes for its services. Each service must run the node its host
/// name belongs to, publish that node's own client and metrics ports, check health with the same
/// node.json, run as a non-root user by default, and reach its peers by the names peers dial.
/// </summary>
public sealed class ComposeFileTests : IDisposable
{
    private const string MountPoint = "/testnet";

    private readonly string _testnet = Path.Combine(Path.GetTempPath(), "compose-" + Guid.NewGuid().ToString("N"));
    private readonly YamlMappingNode _compose = Load();

    public void Dispose()
    {
        if (Directory.Exists(_testnet))
        {
            Directory.Delete(_testnet, recursive: true);
        }
    }

    [Fact]
    public void Services_RunTheTestnetInitHostsOutput()
    {
        var services = Services();
        var hostnames = services.Select(s => Scalar(s.Body, "hostname")).ToList();
        TestnetResult testnet = TestnetBuilder.Build(_testnet, new TestnetOptions { Hosts = hostnames });

        Assert.Equal(4, services.Count);
        Assert.Equal(testnet.Genesis.Validators.Select(v => v.Name), services.Select(s => s.Name));
        for (int i = 0; i < services.Count; i++)
        {
            var (name, body) = services[i];
            string configPath = ConfigPath(Sequence(body, "command"));
            NodeConfig config = NodeConfig.FromJson(File.ReadAllText(configPath));

            Assert.Equal(name, config.Name);
            Assert.Equal(testnet.Addresses[i].Host, Scalar(body, "hostname"));
            Assert.Equal(HostPort.Parse(config.ClientEndpoint).Port, PublishedContainerPort(body, 0));
            Assert.Equal(HostPort.Parse(config.MetricsEndpoint!).Port, PublishedContainerPort(body, 1));
            Assert.All(new[] { config.PeerEndpoint, config.ClientEndpoint, config.MetricsEndpoint! }, e => Assert.Equal("0.0.0.0", HostPort.Parse(e).Host));
            Assert.All(config.Peers, peer => Assert.Contains(HostPort.Parse(peer.Endpoint).Host, hostnames));

            var health = Sequence((YamlMappingNode)body.Children[new YamlScalarNode("healthcheck")], "test");
            Assert.Equal(["CMD", "dotnet", "/app/ledger.dll", "node", "health", "--config"], health.Take(6));
            Assert.Equal(configPath, ConfigPath(health));
            Assert.Equal(["ledger"], Sequence(body, "networks"));
        }
    }

    [Fact]
    public void Services_MountTheFolderTheCommentTellsHowToCreate_AndRunAsNonRoot()
    {
        string text = File.ReadAllText(RepositoryFiles.Path("configs", "compose.yaml"));
        var services = Services();
        string hosts = string.Join(',', services.Select(s => Scalar(s.Body, "hostname")));
        Assert.Contains($"testnet init --out testnet-compose --hosts {hosts}", text, StringComparison.Ordinal);

        foreach (var (_, body) in services)
        {
            Assert.Equal(["../testnet-compose:" + MountPoint], Sequence(body, "volumes"));
            Assert.Equal("..", Scalar(body, "build"));

            // "${LEDGER_USER:-UID:GID}": the default, used when LEDGER_USER is unset, must not be root.
            string user = Scalar(body, "user");
            Assert.StartsWith("${LEDGER_USER:-", user, StringComparison.Ordinal);
            string uid = user["${LEDGER_USER:-".Length..].Split(':')[0];
            Assert.NotEqual("0", uid);
            Assert.NotEqual("root", uid);
        }
    }

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryFiles.Path("configs", "compose.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private List<(string Name, YamlMappingNode Body)> Services() =>
        ((YamlMappingNode)_compose.Children[new YamlScalarNode("services")]).Children
            .Select(entry => (((YamlScalarNode)entry.Key).Value!, (YamlMappingNode)entry.Value))
            .ToList();

    /// <summary>The host path of the node.json named after --config in a command, through the volume mount.</summary>
    private string ConfigPath(IReadOnlyList<string> command)
    {
        int at = command.ToList().IndexOf("--config");
        Assert.True(at >= 0 && at + 1 < command.Count, "no --config in " + string.Join(' ', command));
        string inContainer = command[at + 1];
        Assert.StartsWith(MountPoint + "/", inContainer, StringComparison.Ordinal);
        string onHost = Path.Combine(_testnet, inContainer[(MountPoint.Length + 1)..]);
        Assert.True(File.Exists(onHost), $"{inContainer} is not in the testnet init output");
        return onHost;
    }

    /// <summary>The container port of the <paramref name="index"/>th "host-ip:host-port:container-port" entry.</summary>
    private static int PublishedContainerPort(YamlMappingNode service, int index) =>
        int.Parse(Sequence(service, "ports")[index].Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
}
