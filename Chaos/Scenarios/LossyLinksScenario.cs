namespace Ledger.Chaos.Scenarios;

/// <summary>
/// Every link delayed by 20-80 ms, and two links lost one way (v1 cannot reach v2, v3 cannot
/// reach v4, while the replies and the reverse directions flow), then all heal.
/// </summary>
public sealed class LossyLinksScenario : ChaosScenario
{
    public override string Name => "lossy-links";

    public override string Description => "every link delayed 20-80 ms and two links lost one way, then healed";

    public override async Task RunAsync(ScenarioContext context, TimeSpan duration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var faults = context.Network.Faults;
        var names = context.Network.Names;
        faults.DelayAll(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80), context.Random);
        faults.CutOneWay(names[0], names[1]);
        faults.CutOneWay(names[2], names[3]);
        context.Note($"delay 20-80ms, {names[0]}->{names[1]} and {names[2]}->{names[3]} lost {duration.TotalSeconds:0}s");
        await ScenarioContext.HoldAsync(duration, ct).ConfigureAwait(false);
        faults.HealAll();
    }
}
