using System.Globalization;
using Ledger.Genesis;

namespace Ledger.Chaos.Scenarios;

/// <summary>
/// A replica far behind under full blocks: one validator is killed while the others commit
/// blocks filled to the genesis limit by a burst of pre-signed transfers; then it restarts and
/// must catch up through block sync while the load goes on.
/// </summary>
public sealed class FarBehindScenario : ChaosScenario
{
    /// <summary>Transactions per block here: small enough that the burst fills every block.</summary>
    public const int BlockTransactions = 200;

    public override string Name => "far-behind";

    public override string Description => $"one validator down while the others commit full blocks ({BlockTransactions} transfers each), then it catches up";

    public override LedgerParameters Parameters => new() { MaxBlockTransactions = BlockTransactions };

    public override async Task RunAsync(ScenarioContext context, TimeSpan duration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var network = context.Network;
        var laggard = network.Names[^1];
        network.Kill(laggard);
        var before = await network.StatusAsync(network.Names[0], ct).ConfigureAwait(false);
        context.Workload.StartBurst(context.Random.Next());
        await ScenarioContext.HoldAsync(duration, ct).ConfigureAwait(false);
        var after = await network.StatusAsync(network.Names[0], ct).ConfigureAwait(false);
        network.Start(laggard);
        var behind = after is null || before is null ? "?" : (after.CommittedHeight - before.CommittedHeight).ToString(CultureInfo.InvariantCulture);
        context.Note($"{laggard} down {duration.TotalSeconds:0}s, {behind} blocks behind, {context.Workload.BurstSent} burst transfers");

        // The load goes on while it catches up; the burst stops when the run stops the workload.
    }
}
