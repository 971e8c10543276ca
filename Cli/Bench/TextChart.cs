using System.Globalization;
using System.Text;

namespace Ledger.Cli.Bench;

/// <summary>Benchmark output: an aligned table and a bar chart of characters, so runs can be compared by eye.</summary>
public static class TextChart
{
    public static string Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        AppendRow(text, header, widths);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (IReadOnlyList<string> row in rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    /// <summary>One bar per label, the longest value filling <paramref name="width"/> characters.</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value)> items, string unit, int width = 50)
    {
        double max = items.Count == 0 ? 0 : items.Max(i => i.Value);
        int labelWidth = items.Count == 0 ? 0 : items.Max(i => i.Label.Length);
        var text = new StringBuilder();
        foreach ((string label, double value) in items)
        {
            int length = max <= 0 ? 0 : (int)Math.Round(value / max * width);
            text.Append(label.PadRight(labelWidth)).Append(" |").Append(new string('#', length)).Append(' ')
                .AppendLine(value.ToString("N0", CultureInfo.InvariantCulture) + " " + unit);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append("  ");
            }

            // First column left-aligned (names), the rest right-aligned (numbers).
            text.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
        }

        text.AppendLine();
    }
}
