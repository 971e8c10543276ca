namespace Ledger.Simulator;

/// <summary>Results of a batch of scenarios and how long they took.</summary>
public sealed record SimSummary(IReadOnlyList<SimResult> Results, TimeSpan Elapsed)
{
    public IReadOnlyList<SimResult> Failures => [.. Results.Where(r => !r.Passed)];

    public double ScenariosPerSecond => Results.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
