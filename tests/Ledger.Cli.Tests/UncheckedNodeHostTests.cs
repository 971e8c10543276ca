using System.Reflection;
using Ledger.BenchHost;
using Ledger.Execution;
using Ledger.Node.Configuration;
using Ledger.Node.Runtime;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Tests;

/// <summary>
/// Validators that skip client signature checks (`bench node --schemes none`) cannot be switched
/// on by configuration: node.json has no such field, the only check that skips lives in the
/// benchmark's own host assembly (which the node does not reference), and that host refuses a
/// chain the bench did not make before it opens anything.
/// </summary>
public sealed class UncheckedNodeHostTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "unchecked-host-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Build_ChainNotMadeByTheBench_RefusedBeforeTheDataFolderIsTouched()
    {
        var net = TestnetBuilder.Build(_root, new TestnetOptions { ChainId = "ledger-testnet", BasePort = 9880, MembersPerOrganisation = 0 });
        var config = net.NodeConfigPaths[0];

        var refused = Assert.Throws<BenchHostException>(() => UncheckedNodeHost.Build(config));

        Assert.Contains("ledger-testnet", refused.Message, StringComparison.Ordinal);
        // Untouched: it holds only the safety record `testnet init` wrote.
        Assert.Equal([SafetyStore.FileName], Directory.GetFileSystemEntries(Path.Combine(Path.GetDirectoryName(config)!, "data")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("ledger-bench-none", true)]
    [InlineData("ledger-bench-ed25519", true)]
    [InlineData("ledger-bench", false)]
    [InlineData("my-ledger-bench-none", false)]
    public void IsBenchChain_OnlyTheBenchPrefix(string chainId, bool expected)
    {
        Assert.Equal(expected, BenchChain.IsBenchChain(chainId));
    }

    [Fact]
    public void ClientSignatureChecks_OutsideTheBenchHost_OnlyEd25519()
    {
        Assembly[] shipped = [typeof(IClientSignatureCheck).Assembly, typeof(NodeConfig).Assembly, typeof(Bench.NodeBenchRunner).Assembly];

        var checks = shipped.SelectMany(a => a.GetTypes()).Where(t => typeof(IClientSignatureCheck).IsAssignableFrom(t) && !t.IsInterface).ToList();

        Assert.Equal([typeof(Ed25519ClientSignatureCheck)], checks);
        Assert.DoesNotContain(typeof(NodeConfig).Assembly.GetReferencedAssemblies(), a => a.Name == typeof(UncheckedNodeHost).Assembly.GetName().Name);
    }

    [Fact]
    public void NodeConfig_NoFieldAnywhereNamesSkippingSignatures()
    {
        var names = AllPropertyNames(typeof(NodeConfig)).ToList();

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => new[] { "signature", "unchecked", "skip", "bench", "scheme" }.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase)));
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
