namespace Ledger.Chaos.Checks;

/// <summary>One check's result: how often it was made and what failed. A check never made does not pass.</summary>
public sealed record CheckVerdict(string Name, int Made, IReadOnlyList<string> Failures)
{
    public bool Passed => Made > 0 && Failures.Count == 0;
}
