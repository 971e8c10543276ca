using Ledger.Chaos.Scenarios;
using Ledger.Chaos.Workload;

namespace Ledger.Chaos.Running;

/// <summary>
/// A chaos run: which scenarios, how long each one's faults last, and the bounds on everything
/// else (warm-up, waiting to resume and to settle), so every run ends in bounded time.
/// </summary>
public sealed record ChaosOptions
{
    public required IReadOnlyList<ChaosScenario> Scenarios { get; init; }

    /// <summary>How long each scenario's faults last.</summary>
    public TimeSpan FaultDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Workload before the faults start.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the network may take to commit again after the faults stop (longer fails the run).</summary>
    public TimeSpan ResumeLimit { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Workload after the network resumed, before it stops.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait, after the workload stops, for the mempools to drain.</summary>
    public TimeSpan SettleLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Between two live checkpoints.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    public required int BasePort { get; init; }

    /// <summary>Where each scenario's network, logs and wallets go (one folder per scenario).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Keep the folders after a run that passed (a failed run always keeps them).</summary>
    public bool Keep { get; init; }

    public int Seed { get; init; } = 1;

    public bool Brief { get; init; }

    public required ChaosLaunchers Launchers { get; init; }

    public WorkloadOptions Workload { get; init; } = new();

    /// <summary>The CI profile (`--short`, by default with <see cref="ChaosScenarios.Short"/>): about ten seconds of faults each, tighter bounds.</summary>
    public static ChaosOptions Short(IReadOnlyList<ChaosScenario> scenarios, int basePort, string workDirectory, ChaosLaunchers launchers) => new()
    {
        Scenarios = scenarios,
        FaultDuration = TimeSpan.FromSeconds(10),
        Warmup = TimeSpan.FromSeconds(3),
        ResumeLimit = TimeSpan.FromSeconds(60),
        Cooldown = TimeSpan.FromSeconds(2),
        SettleLimit = TimeSpan.FromSeconds(20),
        CheckpointInterval = TimeSpan.FromSeconds(4),
        BasePort = basePort,
        WorkDirectory = workDirectory,
        Launchers = launchers,
        Brief = true,
        Workload = new WorkloadOptions { MaxBurstTransfers = 8_000 },
    };
}
