using System.Text.Json;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Serilog.Events;

namespace Ledger.Node.Tests.Unit;

public sealed class NodeLogSettingsTests
{
    private static readonly NodeConfig Config = NodeConfig.FromJson("""
        {
          "name": "org1-v1", "genesisPath": "genesis.json", "dataDir": "data",
          "signingKeyPath": "signing.key.pem", "tlsCertificatePath": "tls.crt.pem", "tlsKeyPath": "tls.key.pem",
          "peerEndpoint": "127.0.0.1:7100", "clientEndpoint": "127.0.0.1:7101", "peers": []
        }
        """);

    [Fact]
    public void Resolve_NothingSet_InformationAsText()
    {
        var settings = NodeLogSettings.Resolve(Config, NoEnvironment);

        Assert.Equal(new NodeLogSettings(LogEventLevel.Information, JsonConsole: false, JsonFile: null), settings);
    }

    [Fact]
    public void Resolve_ConfigurationSection_IsHonoured()
    {
        var config = Config with { Logging = new NodeLoggingConfig { Level = "Debug", Format = "json", File = "node.log.json" } };

        Assert.Equal(new NodeLogSettings(LogEventLevel.Debug, true, "node.log.json"), NodeLogSettings.Resolve(config, NoEnvironment));
    }

    [Fact]
    public void Resolve_Environment_OverridesConfiguration()
    {
        var config = Config with { Logging = new NodeLoggingConfig { Level = "debug", Format = "text" } };
        var environment = new Dictionary<string, string> { [NodeLogSettings.LevelVariable] = "warning", [NodeLogSettings.FormatVariable] = "JSON" };

        var settings = NodeLogSettings.Resolve(config, name => environment.GetValueOrDefault(name));

        Assert.Equal(LogEventLevel.Warning, settings.Level);
        Assert.True(settings.JsonConsole);
    }

    [Fact]
    public void Resolve_OlderJsonLogPath_StillWritesTheFile()
    {
        Assert.Equal("old.json", NodeLogSettings.Resolve(Config with { JsonLogPath = "old.json" }, NoEnvironment).JsonFile);
    }

    [Theory]
    [InlineData("loud", "text", "log level 'loud'")]
    [InlineData("3", "text", "log level '3'")]
    [InlineData("information", "xml", "log format 'xml'")]
    public void Resolve_UnknownValue_RefusesNamingIt(string level, string format, string expected)
    {
        var config = Config with { Logging = new NodeLoggingConfig { Level = level, Format = format } };

        var refused = Assert.Throws<NodeConfigException>(() => NodeLogSettings.Resolve(config, NoEnvironment));

        Assert.Contains(refused.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_TwoDifferentFiles_Refused()
    {
        var config = Config with { JsonLogPath = "a.json", Logging = new NodeLoggingConfig { File = "b.json" } };

        Assert.Throws<NodeConfigException>(() => NodeLogSettings.Resolve(config, NoEnvironment));
    }

    [Fact]
    public void Create_JsonConsole_WritesOneJsonObjectPerLineWithTheNodeName()
    {
        var captured = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(captured);
        try
        {
            var logger = NodeLogging.Create(Config, ".", new NodeLogSettings(LogEventLevel.Information, JsonConsole: true, JsonFile: null));
            logger.ForContext("SourceContext", "Ledger.Node").Information("Log settings probe {Height}", 42);
            logger.ForContext("SourceContext", "Ledger.Node").Debug("not at this level");
            ((IDisposable)logger).Dispose();
        }
        finally
        {
            Console.SetOut(original);
        }

        string[] lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonElement line = Assert.Single(lines, l => l.Contains("Log settings probe", StringComparison.Ordinal)) is { } json
            ? JsonDocument.Parse(json).RootElement
            : default;
        Assert.Equal("Log settings probe 42", line.GetProperty("@m").GetString());
        Assert.Equal("org1-v1", line.GetProperty("Node").GetString());
        Assert.DoesNotContain(lines, l => l.Contains("not at this level", StringComparison.Ordinal));
    }

    private static string? NoEnvironment(string name) => null;
}
