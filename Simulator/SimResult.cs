namespace Ledger.Simulator;

/// <summary>The outcome of one scenario: the first failed check (null when all passed) and some counts.</summary>
public sealed record SimResult(SimScenario Scenario, string? Failure, long VirtualTimeMs, int Steps, ulong HighestCommittedHeight, int EvidenceReports)
{
    public bool Passed => Failure is null;

    public override string ToString() =>
        Passed
            ? $"PASS {Scenario} (height {HighestCommittedHeight}, {Steps} steps, {VirtualTimeMs} ms virtual)"
            : $"FAIL {Scenario}\n  {Failure}\n  replay: ledger sim {Scenario.ReplayArguments ?? $"--seed {Scenario.Seed} --validators {Scenario.Validators} --byzantine {Scenario.Byzantine.Count}"} --trace";
}
