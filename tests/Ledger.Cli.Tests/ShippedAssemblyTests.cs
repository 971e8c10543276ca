using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Ledger.Cli.Tests;

/// <summary>
/// What ships with the `ledger` command is what its dependency file (ledger.deps.json, copied next
/// to this test) lists. None of it may be a test assembly, and no shipped assembly may open its
/// internals (the voting-rule weakening hook among them) to another shipped assembly.
/// </summary>
public sealed class ShippedAssemblyTests
{
    [Fact]
    public void LedgerCommand_DependencyFile_ListsNoTestAssembly()
    {
        IReadOnlyList<(string Name, string Type)> libraries = LedgerLibraries();

        Assert.Contains(libraries, l => l.Name == "Ledger.Simulator");
        Assert.DoesNotContain(libraries.Select(l => l.Name), IsTestOnly);
    }

    [Fact]
    public void LedgerCommand_ReferencedAssemblies_IncludeNoTestAssembly()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(Commands.SimCommand).Assembly]);
        while (pending.TryPop(out Assembly? assembly))
        {
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && seen.Add(name) && name.StartsWith("Ledger", StringComparison.OrdinalIgnoreCase))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        Assert.Contains("Ledger.Simulator", seen);
        Assert.DoesNotContain(seen, IsTestOnly);
    }

    [Fact]
    public void ShippedAssemblies_InternalsVisibleTo_OnlyTestAssemblies()
    {
        string[] shipped = [.. LedgerLibraries().Where(l => l.Type == "project").Select(l => l.Name)];
        Assert.Contains("Ledger.Consensus", shipped);

        foreach (string name in shipped)
        {
            Assembly assembly = Assembly.Load(new AssemblyName(name));
            foreach (InternalsVisibleToAttribute friend in assembly.GetCustomAttributes<InternalsVisibleToAttribute>())
            {
                string friendName = new AssemblyName(friend.AssemblyName).Name!;
                Assert.True(friendName.EndsWith(".Tests", StringComparison.Ordinal) && !shipped.Contains(friendName, StringComparer.OrdinalIgnoreCase),
                    $"{name} opens its internals to {friendName}, which is not a test assembly");
            }
        }
    }

    private static bool IsTestOnly(string name) =>
        name == "Ledger.TestKit" || name.EndsWith(".Tests", StringComparison.Ordinal) || name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Microsoft.TestPlatform", StringComparison.Ordinal) || name == "Microsoft.NET.Test.Sdk";

    /// <summary>The libraries (name without version, and type: project, package, reference) that ledger.deps.json lists.</summary>
    private static List<(string Name, string Type)> LedgerLibraries()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "ledger.deps.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(path));
        return [.. deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(l => (l.Name[..l.Name.IndexOf('/', StringComparison.Ordinal)], l.Value.GetProperty("type").GetString()!))];
    }
}
