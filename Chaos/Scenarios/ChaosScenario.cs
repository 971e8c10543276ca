using Ledger.Genesis;

namespace Ledger.Chaos.Scenarios;

/// <summary>
/// One kind of trouble for a fresh network: the faults it applies while the bank workload runs,
/// for a bounded time, undone before <see cref="RunAsync"/> returns (the run then measures how
/// long the network takes to commit again, and checks everything).
/// </summary>
public abstract class ChaosScenario
{
    public abstract string Name { get; }

    /// <summary>One line for `ledger chaos --help` and the README.</summary>
    public abstract string Description { get; }

    public virtual int Validators => 4;

    /// <summary>Genesis ledger parameters of the scenario's network.</summary>
    public virtual LedgerParameters Parameters => new();

    /// <summary>Whether honest validators must have recorded equivocation evidence by the end.</summary>
    public virtual bool ExpectsEvidence => false;

    /// <summary>The validators (of <paramref name="names"/>, genesis order) this scenario makes Byzantine.</summary>
    public virtual IReadOnlyList<string> ByzantineValidators(IReadOnlyList<string> names) => [];

    /// <summary>Applies the faults for about <paramref name="duration"/>, then stops them.</summary>
    public abstract Task RunAsync(ScenarioContext context, TimeSpan duration, CancellationToken ct);
}
