using System.Text.Json;

namespace Ledger.Cli.Tests;

/// <summary>The runtime settings the `ledger` command (and so every validator) starts with, from its runtimeconfig.json copied next to this test.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void LedgerCommand_RuntimeConfig_TurnsDynamicPgoOff()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ledger.runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
