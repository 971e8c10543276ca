using Ledger.Chaos.Byzantine;
using Ledger.Chaos.Scenarios;
using Ledger.Node.Runtime;
using Ledger.Node.Testnet;

namespace Ledger.Chaos.Tests;

/// <summary>
/// `ledger chaos --short` as CI runs it: the short profile's scenarios against real validator
/// processes on 127.0.0.1 (ports 8700-8766), Byzantine ones included, and every check must hold. Then the
/// refusals: a bad scenario name, and the Byzantine host pointed at a network chaos did not make.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChaosCommandTests
{
    [Fact]
    public async Task ChaosShort_ShortProfile_EveryCheckHoldsAndTheTableListsThem()
    {
        var (exit, output) = await LedgerRun.RunAsync("ledger", TimeSpan.FromMinutes(30), "chaos", "--short", "--base-port", "8700");

        Assert.True(exit == 0, output);
        Assert.Contains("chaos: every check held", output, StringComparison.Ordinal);
        foreach (var scenario in ChaosScenarios.Short)
        {
            Assert.Contains($"| {scenario.Name} ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Chaos_UnknownScenario_ExitsTwoNamingTheKnownOnes()
    {
        var (exit, output) = await LedgerRun.RunAsync("ledger", TimeSpan.FromMinutes(1), "chaos", "--scenarios", "partition,meteor");

        Assert.Equal(2, exit);
        Assert.Contains("unknown scenario 'meteor'", output, StringComparison.Ordinal);
        Assert.Contains("byzantine-7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByzantineHost_OrdinaryNetwork_ExitsTwoAndStartsNothing()
    {
        var root = Path.Combine(Path.GetTempPath(), "byz-exe-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var net = TestnetBuilder.Build(root, new TestnetOptions { ChainId = "ledger-testnet", BasePort = 9880, MembersPerOrganisation = 0 });

            var (exit, output) = await LedgerRun.RunAsync("Ledger.Chaos", TimeSpan.FromMinutes(1), "byzantine-node", "--config", net.NodeConfigPaths[0], "--misbehave", "equivocate");

            Assert.Equal(2, exit);
            Assert.Contains($"does not start with '{ChaosChain.Prefix}'", output, StringComparison.Ordinal);
            // Untouched: it holds only the safety record `testnet init` wrote.
            Assert.Equal([SafetyStore.FileName], Directory.GetFileSystemEntries(Path.Combine(Path.GetDirectoryName(net.NodeConfigPaths[0])!, "data")).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
