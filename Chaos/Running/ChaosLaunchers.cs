namespace Ledger.Chaos.Running;

/// <summary>
/// How to start the two kinds of validator process: the ordinary `ledger node run` (the caller's
/// `ledger` command line) and the Byzantine host, this assembly's own entry point.
/// </summary>
public sealed record ChaosLaunchers(IReadOnlyList<string> Ledger, IReadOnlyList<string> Byzantine)
{
    /// <summary>
    /// The Byzantine host next to this assembly: its apphost when there is one, else
    /// `dotnet exec Ledger.Chaos.dll` through the dotnet running this process (or on the PATH).
    /// </summary>
    public static IReadOnlyList<string> ByzantineHost()
    {
        var assembly = typeof(ChaosLaunchers).Assembly.Location;
        var directory = Path.GetDirectoryName(assembly)!;
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "Ledger.Chaos.exe" : "Ledger.Chaos");
        if (File.Exists(apphost))
        {
            return [apphost];
        }

        var current = Environment.ProcessPath;
        var dotnet = current is not null && string.Equals(Path.GetFileNameWithoutExtension(current), "dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
        return [dotnet, "exec", assembly];
    }
}
