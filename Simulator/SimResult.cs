namespace Ledger.Simulator;

/// <summary>The outcome of one scenario: the first failed check (null when all passed) and some counts.</summary>
public sealed record SimResult(SimScenario Scenario, string? Failure, long VirtualTimeMs, int Steps, ulong HighestCommittedHeight, int EvidenceReports)
{
    /// <summary>
    /// How long after stabilisation (GST, partitions healed, replicas back) every honest replica
    /// had committed a new block; null when that did not happen.
    /// </summary>
    public long? ResumedAfterStabilisationMs { get; init; }

    /// <summary>Rounds an honest replica timed out (each replica and round counted once).</summary>
    public int HonestRoundTimeouts { get; init; }

    /// <summary>Blocks honest replicas proposed that ordered no transaction.</summary>
    public int HonestEmptyProposals { get; init; }

    /// <summary>Proposals of <see cref="ByzantineBehaviour.SkewedClock"/> validators that honest replicas refused (for their time or otherwise).</summary>
    public int SkewedProposalsRefused { get; init; }

    /// <summary>
    /// The longest time from a transaction's submission to its commit by the last honest replica
    /// that committed it; null when none was committed.
    /// </summary>
    public long? MaxTransactionLatencyMs { get; init; }

    /// <summary>Epochs whose epoch-ending block (as honest replicas committed it) a Byzantine validator proposed.</summary>
    public int EpochEndsByByzantineProposer { get; init; }

    public bool Passed => Failure is null;

    public override string ToString() =>
        Passed
            ? $"PASS {Scenario} (height {HighestCommittedHeight}, {Steps} steps, {VirtualTimeMs} ms virtual{(Scenario.ResumeWithinMs is { } bound ? $", resumed {ResumedAfterStabilisationMs} ms after stabilisation, bound {bound} ms" : "")})"
            : $"FAIL {Scenario}\n  {Failure}\n  replay: ledger sim {Scenario.ReplayArguments ?? $"--seed {Scenario.Seed} --validators {Scenario.Validators} --byzantine {Scenario.Byzantine.Count}"} --trace";
}
