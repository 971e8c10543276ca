using System.Text.Json;

namespace Ledger.Client.Tests;

/// <summary>
/// The client library must stay light enough for any member's service: no storage engine, no
/// web server, no node. This project references Ledger.Client alone, so what its build output
/// depends on is the library's closure.
/// </summary>
public sealed class DependencyClosureTests
{
    private static readonly string[] Forbidden = ["LiteDB", "Microsoft.AspNetCore", "Grpc.AspNetCore", "Ledger.Node", "Serilog", "prometheus-net"];

    [Fact]
    public void DepsJson_ClientClosure_HasNoStorageWebServerOrNode()
    {
        var libraries = ReadJson("Ledger.Client.Tests.deps.json").RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();

        Assert.Contains("Ledger.Client", libraries);
        Assert.Contains("Ledger.Core", libraries);
        Assert.DoesNotContain(libraries, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void RuntimeConfig_ClientClosure_NeedsNoAspNetCoreFramework()
    {
        var runtime = ReadJson("Ledger.Client.Tests.runtimeconfig.json").RootElement.GetProperty("runtimeOptions");
        var frameworks = runtime.TryGetProperty("frameworks", out var list)
            ? list.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList()
            : [runtime.GetProperty("framework").GetProperty("name").GetString()];

        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }

    [Fact]
    public void BuildOutput_ClientClosure_CopiesNoLiteDbOrNodeAssembly()
    {
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "LiteDB.dll")), "LiteDB.dll is in the client's closure");
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "Ledger.Node.dll")), "Ledger.Node.dll is in the client's closure");
    }

    private static JsonDocument ReadJson(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));
}
