using System.Globalization;
using Ledger.Chaos.Byzantine;

namespace Ledger.Chaos.Scenarios;

/// <summary>
/// f of n validators Byzantine (the last f in genesis order), run as the separate Byzantine host
/// on their own keys and data: for the first half one is noisy (equivocates, double-votes,
/// forges, replays, floods far-future rounds, sends malformed and oversize messages) and the
/// others withhold their votes; for the second half the roles move on. Then all run honestly again.
/// </summary>
public sealed class ByzantineScenario(int validators) : ChaosScenario
{
    public override string Name => "byzantine-" + validators.ToString(CultureInfo.InvariantCulture);

    public override string Description => $"f = {Faulty} of n = {validators} validators Byzantine: equivocation, double votes, forged signatures, replays, far-future floods, malformed and oversize messages, withheld votes";

    public override int Validators => validators;

    public override bool ExpectsEvidence => true;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private int Faulty => (validators - 1) / 3;

    public override IReadOnlyList<string> ByzantineValidators(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return [.. names.Skip(names.Count - Faulty)];
    }

    public override async Task RunAsync(ScenarioContext context, TimeSpan duration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var network = context.Network;
        var byzantine = ByzantineValidators(network.Names);
        for (var phase = 0; phase < 2 && !ct.IsCancellationRequested; phase++)
        {
            var roles = new List<string>();
            for (var i = 0; i < byzantine.Count; i++)
            {
                var behaviour = (i + phase) % 2 == 0 ? MisbehaviourNames.Noisy : Misbehaviour.WithholdVotes;
                await network.MakeByzantineAsync(byzantine[i], behaviour, context.Random.Next()).ConfigureAwait(false);
                roles.Add($"{byzantine[i]} {(behaviour == Misbehaviour.WithholdVotes ? "withholds votes" : "noisy")}");
            }

            // A phase counts from when its Byzantine hosts are up (starting one takes seconds).
            foreach (var name in byzantine)
            {
                await network.WaitAnsweringAsync(name, StartLimit, ct).ConfigureAwait(false);
            }

            context.Note($"{string.Join(", ", roles)} {duration.TotalSeconds / 2:0}s");
            await ScenarioContext.HoldAsync(duration / 2, ct).ConfigureAwait(false);
        }

        foreach (var name in byzantine)
        {
            await network.MakeHonestAsync(name).ConfigureAwait(false);
        }
    }
}
