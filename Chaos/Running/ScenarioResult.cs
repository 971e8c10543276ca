using Ledger.Chaos.Checks;

namespace Ledger.Chaos.Running;

/// <summary>One scenario's row of the summary, and the details behind it.</summary>
public sealed record ScenarioResult(
    string Scenario,
    string Faults,
    long Attempted,
    long Acknowledged,
    IReadOnlyList<CheckVerdict> Checks,
    TimeSpan? Resumed,
    string? Error,
    IReadOnlyList<string> Notes)
{
    public int ChecksPassed => Checks.Count(c => c.Passed);

    public bool Passed => Error is null && Checks.Count > 0 && Checks.All(c => c.Passed);
}
