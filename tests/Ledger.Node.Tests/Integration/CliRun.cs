using System.Diagnostics;

namespace Ledger.Node.Tests.Integration;

/// <summary>Runs the built `ledger` executable (next to the tests) and captures its exit code and output.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> LedgerAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ledger.exe" : "ledger"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ledger");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ledger {string.Join(' ', args)} did not finish within 60 s");
        }

        return (process.ExitCode, await output, await error);
    }
}
