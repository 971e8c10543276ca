using System.Runtime.InteropServices;

namespace Ledger.Node.Mempool;

/// <summary>
/// Lowers the calling thread's OS scheduling priority on Linux. .NET's Thread.Priority does
/// nothing there; on Linux the nice value belongs to each thread, and setpriority(PRIO_PROCESS,
/// tid, nice) raises one's own without privilege. Elsewhere, or when the call fails, the thread
/// keeps its priority (the caller logs why): verification is then only slower to yield.
/// </summary>
internal static partial class ThreadNiceness
{
    private const int PrioProcess = 0;

    /// <summary>True when the calling thread now runs at <paramref name="niceValue"/>; else why not.</summary>
    public static bool TryLowerCurrentThread(int niceValue, out string? failure)
    {
        if (!OperatingSystem.IsLinux())
        {
            failure = "only set on Linux";
            return false;
        }

        try
        {
            var tid = GetTid();
            if (SetPriority(PrioProcess, (uint)tid, niceValue) != 0)
            {
                failure = $"setpriority failed with errno {Marshal.GetLastPInvokeError()}";
                return false;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            failure = ex.Message;
            return false;
        }

        failure = null;
        return true;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, uint who, int prio);
}
