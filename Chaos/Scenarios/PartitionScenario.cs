namespace Ledger.Chaos.Scenarios;

/// <summary>
/// A 2-2 split: every link between {v1, v2} and {v3, v4} silently drops what it carries (neither
/// side has a quorum, nothing commits), then the partition heals.
/// </summary>
public sealed class PartitionScenario : ChaosScenario
{
    public override string Name => "partition";

    public override string Description => "a 2-2 partition (links between the halves drop everything silently), then it heals";

    public override async Task RunAsync(ScenarioContext context, TimeSpan duration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var names = context.Network.Names;
        IReadOnlyList<string> left = [names[0], names[1]];
        IReadOnlyList<string> right = [names[2], names[3]];
        context.Network.Faults.Partition([left, right]);
        context.Note($"split {{{string.Join(",", left)}}} from {{{string.Join(",", right)}}} {duration.TotalSeconds:0}s");
        await ScenarioContext.HoldAsync(duration, ct).ConfigureAwait(false);
        context.Network.Faults.HealAll();
    }
}
