using System.Diagnostics;
using System.Globalization;

namespace Ledger.Chaos.Faults;

/// <summary>
/// SIGSTOP and SIGCONT for a validator process: paused, it keeps its sockets but answers nothing
/// (as a machine stalled by a long GC pause or a hypervisor). .NET has no API to send them; the
/// POSIX kill utility does, as for the SIGTERM that stops a validator.
/// </summary>
public static class ProcessSignals
{
    public static void Pause(int processId) => Signal(processId, "STOP");

    public static void Resume(int processId) => Signal(processId, "CONT");

    private static void Signal(int processId, string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("pausing a process needs POSIX signals");
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} failed (exit code {kill.ExitCode})");
        }
    }
}
