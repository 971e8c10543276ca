using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ledger.Node.Observability;

namespace Ledger.Node.Tests.Deployment;

/// <summary>configs/grafana-dashboard.json queries only metrics a node exports, by their exported names.</summary>
public sealed partial class GrafanaDashboardTests
{
    [Fact]
    public async Task Dashboard_EveryQueriedMetric_IsExportedByTheNode()
    {
        using JsonDocument dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.Path("configs", "grafana-dashboard.json")));
        var queried = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .Select(name => HistogramSeries().Replace(name, string.Empty))
            .ToHashSet(StringComparer.Ordinal);

        var metrics = new NodeMetrics();
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        var exported = TypeLine().Matches(Encoding.UTF8.GetString(stream.ToArray())).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(queried);
        Assert.Empty(queried.Except(exported).Order());
    }

    [GeneratedRegex(@"\b(ledger|process|dotnet)_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();

    [GeneratedRegex(@"(?m)^# TYPE (?<name>\S+) ")]
    private static partial Regex TypeLine();
}
