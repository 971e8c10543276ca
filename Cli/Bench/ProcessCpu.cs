using System.Diagnostics;
using System.Globalization;

namespace Ledger.Cli.Bench;

/// <summary>
/// User + system CPU time of a process. On Linux it is read from /proc/&lt;pid&gt;/stat (utime and
/// stime, fields 14 and 15, in clock ticks of 1/100 s, the USER_HZ every Linux ABI fixes);
/// elsewhere from <see cref="Process.TotalProcessorTime"/>.
/// </summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>The process's CPU time so far, or null when it is gone.</summary>
    public static TimeSpan? Read(int processId)
    {
        string path = "/proc/" + processId.ToString(CultureInfo.InvariantCulture) + "/stat";
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return ParseStat(File.ReadAllText(path));
            }
            catch (IOException)
            {
                return null;
            }
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>utime + stime of one /proc/&lt;pid&gt;/stat line.</summary>
    public static TimeSpan ParseStat(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        // Field 2 is the command name in parentheses and may itself hold spaces or ')': the
        // fields after it are counted from the last ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("a /proc stat line has its command name in parentheses");
        }

        string[] rest = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // rest[0] is field 3 (state), so field k is rest[k - 3].
        if (rest.Length < 13
            || !long.TryParse(rest[11], NumberStyles.None, CultureInfo.InvariantCulture, out long user)
            || !long.TryParse(rest[12], NumberStyles.None, CultureInfo.InvariantCulture, out long system))
        {
            throw new FormatException("a /proc stat line lacks numeric utime and stime fields");
        }

        return TimeSpan.FromSeconds((user + system) / TicksPerSecond);
    }
}
