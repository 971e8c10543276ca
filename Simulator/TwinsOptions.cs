namespace Ledger.Simulator;

/// <summary>
/// The space a Twins scenario is drawn from: committee size, how many validators run twice with one
/// key, how many rounds are scripted, how many groups a round's network may split into, whether only
/// twinned validators may lead a scripted round, and how often a round also drops one direction of
/// one link. Each knob's `ledger sim` option is named in <see cref="ReplayArguments"/>.
/// </summary>
public sealed record TwinsOptions
{
    public int Validators { get; init; } = 4;

    /// <summary>Validators with a twin (each pair is one Byzantine validator): 1 is within f for n = 4, 2 is beyond it.</summary>
    public int Twins { get; init; } = 1;

    /// <summary>Rounds with a scripted leader and network; later rounds rotate and are connected.</summary>
    public int Rounds { get; init; } = 8;

    /// <summary>A scripted round's network splits the slots into at most this many groups.</summary>
    public int MaxGroups { get; init; } = 3;

    /// <summary>Only twinned validators lead scripted rounds (else any validator may).</summary>
    public bool TwinLeadersOnly { get; init; }

    /// <summary>
    /// Chance that a scripted round keeps the previous round's network (its leader is still drawn):
    /// real partitions last several rounds, and a partition must last a few rounds to matter.
    /// </summary>
    public double RepeatRate { get; init; } = 0.5;

    /// <summary>Chance that a scripted round also loses one direction of one link between two slots of one group.</summary>
    public double OneWayDropRate { get; init; } = 0.25;

    /// <summary>Until GST the scripted networks apply; a round no group can finish waits for it.</summary>
    public long GstMs { get; init; } = 3_000;

    public void Validate()
    {
        int f = (Validators - 1) / 3;
        if (Validators < 4 || Validators > SimKeys.Count || Twins < 1 || Twins > f + 1 || Rounds < 1 || Rounds > 64
            || MaxGroups < 1 || MaxGroups > 4 || RepeatRate is < 0 or > 1 || OneWayDropRate is < 0 or > 1 || GstMs < 0)
        {
            throw new ArgumentException(
                $"Twins needs 4 <= validators <= {SimKeys.Count}, 1 <= twins <= f + 1, 1 <= rounds <= 64, 1 <= groups <= 4, repeat and drop rates in [0, 1] and GST >= 0 " +
                $"(got n={Validators}, twins={Twins}, rounds={Rounds}, groups={MaxGroups}, repeat={RepeatRate}, drop={OneWayDropRate}, gst={GstMs})");
        }
    }

    /// <summary>The `ledger sim` arguments that select these options and <paramref name="seed"/> (defaults left out).</summary>
    public string ReplayArguments(int seed)
    {
        var defaults = new TwinsOptions();
        var args = new List<string> { $"--twins {Twins}", $"--seed {seed}" };
        if (Validators != defaults.Validators)
        {
            args.Add($"--validators {Validators}");
        }

        if (Rounds != defaults.Rounds)
        {
            args.Add($"--twins-rounds {Rounds}");
        }

        if (MaxGroups != defaults.MaxGroups)
        {
            args.Add($"--twins-groups {MaxGroups}");
        }

        if (TwinLeadersOnly)
        {
            args.Add("--twins-leaders twins");
        }

        if (RepeatRate != defaults.RepeatRate)
        {
            args.Add(FormattableString.Invariant($"--twins-repeat {RepeatRate}"));
        }

        if (OneWayDropRate != defaults.OneWayDropRate)
        {
            args.Add(FormattableString.Invariant($"--twins-one-way {OneWayDropRate}"));
        }

        if (GstMs != defaults.GstMs)
        {
            args.Add($"--twins-gst {GstMs}");
        }

        return string.Join(' ', args);
    }
}
