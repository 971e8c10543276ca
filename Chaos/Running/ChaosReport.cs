using System.Globalization;

namespace Ledger.Chaos.Running;

/// <summary>The summary table of a chaos run, and the failures behind it.</summary>
public static class ChaosReport
{
    public static void Write(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        string[] header = ["scenario", "faults", "transfers attempted/acknowledged", "checks passed", "time to resume"];
        var rows = results.Select(r => new[]
        {
            r.Scenario,
            r.Faults,
            $"{r.Attempted.ToString(CultureInfo.InvariantCulture)}/{r.Acknowledged.ToString(CultureInfo.InvariantCulture)}",
            r.Error is null ? $"{r.ChecksPassed}/{r.Checks.Count}" : "FAILED",
            r.Resumed is { } t ? $"{t.TotalSeconds:0.0} s" : "-",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => i is 2 or 3 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))) + " |";
        output.WriteLine(Line(header));
        output.WriteLine("|" + string.Join("|", widths.Select((w, i) => i is 2 or 3 or 4 ? new string('-', w + 1) + ":" : new string('-', w + 2))) + "|");
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }

        foreach (var result in results)
        {
            if (result.Error is { } error)
            {
                output.WriteLine($"{result.Scenario}: {error}");
            }

            foreach (var check in result.Checks.Where(c => !c.Passed))
            {
                output.WriteLine(check.Made == 0
                    ? $"{result.Scenario}: VIOLATION {check.Name}: never checked"
                    : $"{result.Scenario}: VIOLATION {check.Name}: {string.Join("; ", check.Failures)}");
            }
        }
    }
}
