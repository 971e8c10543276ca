using System.Reflection;
using Ledger.Chaos.Byzantine;
using Ledger.Node.Configuration;
using Ledger.Node.Runtime;
using Ledger.Node.Testnet;

namespace Ledger.Chaos.Tests;

/// <summary>
/// A Byzantine validator cannot be switched on by configuration: node.json has no such field, and
/// the separate host that can run one refuses a chain `ledger chaos` did not make, before it
/// opens anything.
/// </summary>
public sealed class ByzantineNodeHostTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "byz-host-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Build_ChainNotMadeByChaos_RefusedBeforeTheDataFolderIsTouched()
    {
        var net = TestnetBuilder.Build(_root, new TestnetOptions { ChainId = "ledger-testnet", BasePort = 9870, MembersPerOrganisation = 0 });
        var config = net.NodeConfigPaths[0];

        var refused = Assert.Throws<ByzantineHostException>(() => ByzantineNodeHost.Build(config, MisbehaviourNames.Noisy, seed: 1));

        Assert.Contains("ledger-testnet", refused.Message, StringComparison.Ordinal);
        // Untouched: it holds only the safety record `testnet init` wrote.
        Assert.Equal([SafetyStore.FileName], Directory.GetFileSystemEntries(Path.Combine(Path.GetDirectoryName(config)!, "data")).Select(Path.GetFileName));
    }

    [Fact]
    public void Build_NoMisbehaviour_Refused()
    {
        var net = TestnetBuilder.Build(_root, new TestnetOptions { ChainId = ChaosChain.For("test"), BasePort = 9870, MembersPerOrganisation = 0 });

        Assert.Throws<ByzantineHostException>(() => ByzantineNodeHost.Build(net.NodeConfigPaths[0], Misbehaviour.None, seed: 1));
    }

    [Fact]
    public void NodeConfig_NoFieldAnywhereNamesMisbehaviour()
    {
        var names = AllPropertyNames(typeof(NodeConfig)).ToList();

        Assert.NotEmpty(names);
        // Words that would switch a misbehaviour on; the limits on stored equivocation *evidence*
        // (EquivocationRecords, ...) are an honest node's, so the verb, not the noun, is looked for.
        Assert.DoesNotContain(names, n => new[] { "byzant", "misbehav", "chaos", "equivocate", "doublevote", "forge", "withhold" }.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void NodeConfig_MisbehaviourWrittenIntoNodeJson_ReadAsTheOrdinaryConfig()
    {
        var ordinary = TestnetBuilder.Build(_root, new TestnetOptions { ChainId = ChaosChain.For("test"), BasePort = 9870, MembersPerOrganisation = 0 });
        var json = File.ReadAllText(ordinary.NodeConfigPaths[0]);
        var tampered = json.Insert(json.IndexOf('{', StringComparison.Ordinal) + 1, "\"byzantine\": true, \"misbehave\": \"equivocate,withhold\", \"chaos\": {\"misbehaviour\": \"equivocate\"},");

        Assert.Equal(NodeConfig.FromJson(json).ToJson(), NodeConfig.FromJson(tampered).ToJson());
    }

    [Fact]
    public void Parse_Names_RoundTripAndUnknownRefused()
    {
        var all = MisbehaviourNames.Parse(string.Join(",", MisbehaviourNames.All));

        Assert.Equal(all, MisbehaviourNames.Parse(MisbehaviourNames.Format(all)));
        Assert.Equal(MisbehaviourNames.Noisy | Misbehaviour.WithholdVotes, all);
        Assert.Throws<FormatException>(() => MisbehaviourNames.Parse("equivocate,steal"));
        Assert.Throws<FormatException>(() => MisbehaviourNames.Parse(" , "));
    }

    private static IEnumerable<string> AllPropertyNames(Type type, int depth = 0)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            yield return property.Name;
            var inner = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
            if (depth < 3 && inner.Namespace == typeof(NodeConfig).Namespace && !inner.IsEnum)
            {
                foreach (var name in AllPropertyNames(inner, depth + 1))
                {
                    yield return name;
                }
            }
        }
    }
}
