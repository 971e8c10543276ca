namespace Ledger.Cli.Network;

/// <summary>How to start another `ledger` process: this executable, or `dotnet exec ledger.dll` when run through dotnet.</summary>
public static class LedgerLauncher
{
    public static IReadOnlyList<string> Current()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        return string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.OrdinalIgnoreCase)
            ? [process, "exec", typeof(LedgerLauncher).Assembly.Location]
            : [process];
    }
}
