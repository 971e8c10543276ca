using System.Diagnostics;

namespace Ledger.Chaos.Scenarios;

/// <summary>
/// The leader paused: again and again, the validator most others name as the current round's
/// leader gets SIGSTOP (its sockets stay open, it answers nothing), then SIGCONT a few seconds later.
/// </summary>
public sealed class LeaderPauseScenario : ChaosScenario
{
    public override string Name => "leader-pause";

    public override string Description => "the current leader paused (SIGSTOP) for seconds at a time, then resumed (SIGCONT), again and again";

    public override async Task RunAsync(ScenarioContext context, TimeSpan duration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var network = context.Network;
        var pause = context.Brief ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        var pauses = 0;
        while (clock.Elapsed + pause <= duration && !ct.IsCancellationRequested)
        {
            var statuses = await network.StatusesAsync(ct).ConfigureAwait(false);
            var leader = statuses.Values.Where(s => s is not null).GroupBy(s => s!.Leader).MaxBy(g => g.Count())?.Key;
            if (leader is null || !network.IsRunning(leader))
            {
                await ScenarioContext.HoldAsync(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                continue;
            }

            network.Pause(leader);
            pauses++;
            context.Progress($"paused {leader} (leader)");
            await ScenarioContext.HoldAsync(pause, ct).ConfigureAwait(false);
            network.Resume(leader);
            await ScenarioContext.HoldAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        }

        context.Note($"{pauses} leader pauses of {pause.TotalSeconds:0}s");
    }
}
