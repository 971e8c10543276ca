using System.Diagnostics;

namespace Ledger.Chaos.Scenarios;

/// <summary>
/// A crash loop: one validator after another is killed (SIGKILL: no flush, no goodbye), left down
/// for a moment, restarted on its data, and given time to answer again, until the time is up.
/// </summary>
public sealed class CrashLoopScenario : ChaosScenario
{
    public override string Name => "crash-loop";

    public override string Description => "validators killed (SIGKILL) and restarted one after another, in a loop";

    public override async Task RunAsync(ScenarioContext context, TimeSpan duration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var network = context.Network;
        var clock = Stopwatch.StartNew();
        var kills = 0;
        while (clock.Elapsed < duration && !ct.IsCancellationRequested)
        {
            var victim = network.Names[kills % network.Names.Count];
            network.Kill(victim);
            kills++;
            context.Progress($"killed {victim}");
            await ScenarioContext.HoldAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            network.Start(victim);

            // Back when it answers again (a restart takes seconds), then a breath before the next.
            await network.WaitAnsweringAsync(victim, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            await ScenarioContext.HoldAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }

        context.Note($"{kills} kills and restarts");
    }
}
