namespace Ledger.Chaos.Scenarios;

/// <summary>Every scenario `ledger chaos` knows, in the order a full run takes them.</summary>
public static class ChaosScenarios
{
    public static IReadOnlyList<ChaosScenario> All { get; } =
    [
        new ByzantineScenario(4),
        new ByzantineScenario(7),
        new PartitionScenario(),
        new LossyLinksScenario(),
        new LeaderPauseScenario(),
        new CrashLoopScenario(),
        new FarBehindScenario(),
    ];

    /// <summary>
    /// What `--short` (the CI profile) runs unless `--scenarios` names others: one of each kind of
    /// trouble (Byzantine validators, a network split, processes killed), about a minute each on
    /// a loaded 2-core machine, so the CI test stays within a few minutes. The other scenarios are
    /// run by name or by a full run.
    /// </summary>
    public static IReadOnlyList<ChaosScenario> Short { get; } = [.. new[] { "byzantine-4", "partition", "crash-loop" }.Select(n => All.Single(s => s.Name == n))];

    /// <summary>The scenarios named in a comma-separated list; an unknown name is an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static IReadOnlyList<ChaosScenario> Select(string? names)
    {
        if (string.IsNullOrWhiteSpace(names) || names.Trim() == "all")
        {
            return All;
        }

        return names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => All.FirstOrDefault(s => s.Name == n) ?? throw new ArgumentException($"unknown scenario '{n}'; known: {string.Join(", ", All.Select(s => s.Name))}"))
            .Distinct()
            .ToList();
    }
}
