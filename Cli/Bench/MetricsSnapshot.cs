using System.Globalization;

namespace Ledger.Cli.Bench;

/// <summary>
/// One scrape of a node's Prometheus text endpoint: series (name plus labels, as written) to
/// value. Comments and the histogram buckets' exposition details are kept as plain series.
/// </summary>
public sealed class MetricsSnapshot
{
    private readonly Dictionary<string, double> _series;

    private MetricsSnapshot(Dictionary<string, double> series) => _series = series;

    public static readonly MetricsSnapshot Empty = new([]);

    public IReadOnlyDictionary<string, double> Series => _series;

    public static MetricsSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // The value follows the last space; label values may contain spaces but never end a line.
            int space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                series[line[..space].TrimEnd()] = value;
            }
        }

        return new MetricsSnapshot(series);
    }

    /// <summary>Fetches http://endpoint/metrics; an unreachable node gives <see cref="Empty"/> (its counters then read as zero).</summary>
    public static async Task<MetricsSnapshot> FetchAsync(HttpClient http, string endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            string text = await http.GetStringAsync(new Uri("http://" + endpoint + "/metrics"), ct).ConfigureAwait(false);
            return Parse(text);
        }
        catch (HttpRequestException)
        {
            return Empty;
        }
    }

    /// <summary>The sum of every series of metric <paramref name="name"/> (all label sets).</summary>
    public double Sum(string name) => _series.Where(s => NameOf(s.Key) == name).Sum(s => s.Value);

    /// <summary>Series of <paramref name="name"/> by the value of label <paramref name="label"/>.</summary>
    public IReadOnlyDictionary<string, double> ByLabel(string name, string label)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        string key = label + "=\"";
        foreach ((string series, double value) in _series)
        {
            int at = series.IndexOf(key, StringComparison.Ordinal);
            if (NameOf(series) != name || at < 0)
            {
                continue;
            }

            int start = at + key.Length;
            int end = series.IndexOf('"', start);
            if (end > start)
            {
                string labelValue = series[start..end];
                result[labelValue] = result.GetValueOrDefault(labelValue) + value;
            }
        }

        return result;
    }

    private static string NameOf(string series)
    {
        int brace = series.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? series : series[..brace];
    }
}
