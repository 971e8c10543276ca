using Ledger.BenchHost;

namespace Ledger.Cli.Bench;

/// <summary>
/// How `bench node` starts its validators: <see cref="Ledger"/> is the caller's `ledger` command
/// line (`node run` is appended), <see cref="UncheckedHost"/> the benchmark's own validator host
/// for scheme none, a separate executable (<c>Ledger.BenchHost</c>) beside `ledger`.
/// </summary>
public sealed record NodeBenchLaunchers(IReadOnlyList<string> Ledger, IReadOnlyList<string> UncheckedHost)
{
    /// <summary>The host's only command: <c>unchecked-node --config node.json</c>.</summary>
    public const string UncheckedHostCommand = "unchecked-node";

    /// <summary>The `ledger` command line given, and the unchecked host next to its assembly.</summary>
    public static NodeBenchLaunchers With(IReadOnlyList<string> ledger) => new(ledger, UncheckedHostBesideThisProgram());

    /// <summary>
    /// The host's apphost when there is one, else `dotnet exec Ledger.BenchHost.dll` through the
    /// dotnet running this process (or on the PATH).
    /// </summary>
    public static IReadOnlyList<string> UncheckedHostBesideThisProgram()
    {
        var assembly = typeof(UncheckedNodeHost).Assembly.Location;
        var directory = Path.GetDirectoryName(assembly)!;
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "Ledger.BenchHost.exe" : "Ledger.BenchHost");
        if (File.Exists(apphost))
        {
            return [apphost];
        }

        var current = Environment.ProcessPath;
        var dotnet = current is not null && string.Equals(Path.GetFileNameWithoutExtension(current), "dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
        return [dotnet, "exec", assembly];
    }
}
