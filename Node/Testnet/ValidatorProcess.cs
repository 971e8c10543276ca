using System.Diagnostics;

namespace Ledger.Node.Testnet;

/// <summary>
/// One validator running as a child process (`ledger node run --config ...`), its output
/// appended to a log file. Stops politely with SIGTERM (the host drains and closes LiteDB) or
/// abruptly with SIGKILL (the crash the durability tests need).
/// </summary>
public sealed class ValidatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pumps;

    private ValidatorProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited (0 after a clean stop), null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <param name="launcher">The `ledger` command: its executable, or `dotnet exec ledger.dll`.</param>
    public static ValidatorProcess Start(string name, IReadOnlyList<string> launcher, string configPath, string logPath)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        return Launch(name, [.. launcher, "node", "run", "--config", configPath], logPath);
    }

    /// <summary>Starts a validator with a whole command line of the caller's (which names its node.json itself).</summary>
    public static ValidatorProcess Launch(string name, IReadOnlyList<string> commandLine, string logPath)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var start = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in commandLine.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine[0]}");
        return new ValidatorProcess(name, process, log);
    }

    /// <summary>SIGTERM: the node stops its host cleanly.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && OperatingSystem.IsWindows())
        {
            _process.Kill();
        }
        else if (!_process.HasExited)
        {
            // .NET has no API for SIGTERM; the POSIX kill utility sends it.
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        }
    }

    /// <summary>SIGKILL: no chance to flush or close anything.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    /// <summary>Terminates, and kills if the process is still there after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Terminate();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        await _pumps.ConfigureAwait(false);
    }

    public async Task WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        await _pumps.ConfigureAwait(false);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _log.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }
}
