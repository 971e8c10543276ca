using System.Text.Json;

namespace Ledger.Cli.Tests;

/// <summary>The runtime settings the `ledger` command (and so every validator) starts with, from its runtimeconfig.json copied next to this test.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void LedgerCommand_RuntimeConfig_TurnsDynamicPgoOff()
    {
        var properties = ConfigProperties("ledger.runtimeconfig.json");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }

    /// <summary>
    /// `ledger bench node --schemes none` runs its validators through the bench's own host; its
    /// control arm must differ from `ledger node run` in the signature checks only. With dynamic PGO
    /// left on there (the runtime's default), block size 1 measured twice the validator CPU per
    /// transfer of the same host with it off, and `none` looked slower than `ed25519`.
    /// </summary>
    [Fact]
    public void BenchHost_RuntimeConfig_MatchesTheLedgerCommands()
    {
        var ledger = ConfigProperties("ledger.runtimeconfig.json");
        var benchHost = ConfigProperties("Ledger.BenchHost.runtimeconfig.json");

        Assert.Equal(Describe(ledger), Describe(benchHost));
    }

    private static JsonElement ConfigProperties(string file)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    private static string[] Describe(JsonElement properties) =>
        [.. properties.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetRawText()}").Order(StringComparer.Ordinal)];
}
