using System.Globalization;
using System.Text;

namespace Ledger.Simulator;

/// <summary>
/// One simulated run, fully determined by its fields (all derived from the seed by
/// <see cref="Generate"/> or <see cref="TwinsGenerator.Generate"/>): committee size, who is
/// Byzantine and how, network behaviour before and after the global stabilisation time (GST),
/// partitions, crashes, scripted leaders and per-round networks. Replaying a seed with the same
/// generator arguments reproduces the run exactly.
/// </summary>
public sealed record SimScenario
{
    public required int Seed { get; init; }

    public required int Validators { get; init; }

    /// <summary>Byzantine validators (by index) and their behaviour.</summary>
    public required IReadOnlyDictionary<int, ByzantineBehaviour> Byzantine { get; init; }

    public long GstMs { get; init; }

    public double DropProbability { get; init; }

    public double DuplicateProbability { get; init; }

    public int MaxDelayBeforeGstMs { get; init; } = 120;

    public int MaxDelayAfterGstMs { get; init; } = 20;

    public IReadOnlyList<SimPartition> Partitions { get; init; } = [];

    public IReadOnlyList<SimCrash> Crashes { get; init; } = [];

    /// <summary>Crashes triggered at an epoch boundary (see <see cref="SimEpochCrash"/>).</summary>
    public IReadOnlyList<SimEpochCrash> EpochCrashes { get; init; } = [];

    /// <summary>
    /// Validator keys that run a replica: genesis's set is the first <see cref="Validators"/>, and a
    /// <see cref="SimReconfiguration"/> change in the workload may add later ones (they follow until
    /// they are members).
    /// </summary>
    public int Keys => Math.Max(Validators, Workload.Where(t => SimReconfiguration.IsChange(t.Id))
        .SelectMany(t => SimReconfiguration.Members(t.Id)).Select(key => key + 1).DefaultIfEmpty(0).Max());

    /// <summary>Validator-set changes in the workload: every honest replica must end in this epoch.</summary>
    public int EpochChanges => Workload.Count(t => SimReconfiguration.IsChange(t.Id));

    /// <summary>Per-slot clock offsets (ms) within the allowed skew.</summary>
    public IReadOnlyList<long> ClockOffsetsMs { get; init; } = [];

    /// <summary>
    /// Client transactions and when they reach the validators. Replicas report pending work to
    /// their cores, so leaders propose at once while there is some and only heartbeats otherwise;
    /// every transaction must be committed by every honest replica before the run passes.
    /// </summary>
    public IReadOnlyList<SimTransaction> Workload { get; init; } = [];

    /// <summary>
    /// How far the clocks of <see cref="ByzantineBehaviour.SkewedClock"/> validators are off (all
    /// by the same amount, so they agree with one another): by default, one of -4 s, -1.5 s,
    /// +1.5 s and +4 s by a hash of the seed (not the seed's low bits, which pick the committee
    /// size in the seeded suites), each beyond what an honest voter admits. A clock behind can
    /// hold a block's time back only to its parent's time + 1 (the chain's time never falls), so
    /// its blocks are refused only where that is more than the window behind the honest clocks.
    /// </summary>
    public long? SkewMs { get; init; }

    /// <summary>The skew of a <see cref="ByzantineBehaviour.SkewedClock"/> validator's clock.</summary>
    public long ClockSkewMs => SkewMs ?? DefaultSkewsMs[(int)(unchecked((uint)Seed * 2_654_435_761u) >> 30)];

    private static readonly long[] DefaultSkewsMs = [-4_000, -1_500, 1_500, 4_000];

    /// <summary>
    /// Twins: the leader of each scripted round, which every replica follows (a node always rotates
    /// round-robin); rounds not listed rotate round-robin.
    /// </summary>
    public IReadOnlyDictionary<ulong, int> Leaders { get; init; } = new Dictionary<ulong, int>();

    /// <summary>
    /// Twins: the network of each scripted round, applied to that round's messages (proposals, votes,
    /// timeouts; sync messages take the sender's current round) sent before GST.
    /// </summary>
    public IReadOnlyDictionary<ulong, SimRoundPartition> RoundPartitions { get; init; } = new Dictionary<ulong, SimRoundPartition>();

    /// <summary>The `ledger sim` arguments that regenerate this scenario; null for one built by hand or by <see cref="Generate"/>.</summary>
    public string? ReplayArguments { get; init; }

    /// <summary>
    /// When set, every honest replica must have committed a new block within this long after
    /// stabilisation (<see cref="SimResult.ResumedAfterStabilisationMs"/>), or the run fails.
    /// </summary>
    public long? ResumeWithinMs { get; init; }

    /// <summary>
    /// Byzantine validators that lie when a replica recovering its lost safety record asks them for
    /// their highest signed round (the others, Byzantine or not, answer what their core reports).
    /// </summary>
    public IReadOnlyDictionary<int, SimRecoveryLie> RecoveryLies { get; init; } = new Dictionary<int, SimRecoveryLie>();

    /// <summary>New commits every honest replica must make after stabilisation.</summary>
    public int CommitsAfterStabilisation { get; init; } = 3;

    /// <summary>Slot i runs validator SlotValidators[i]; a Twins validator has two slots.</summary>
    public IReadOnlyList<int> SlotValidators
    {
        get
        {
            var slots = new List<int>();
            int keys = Keys;
            for (int v = 0; v < keys; v++)
            {
                slots.Add(v);
                if (Byzantine.TryGetValue(v, out ByzantineBehaviour b) && b == ByzantineBehaviour.Twins)
                {
                    slots.Add(v);
                }
            }

            return slots;
        }
    }

    /// <summary>When the network is synchronous, partitions have healed and crashed replicas are back.</summary>
    public long StabilisationMs =>
        Math.Max(GstMs, Math.Max(Partitions.Select(p => p.HealAtMs).DefaultIfEmpty(0).Max(), Crashes.Select(c => c.RestartAtMs).DefaultIfEmpty(0).Max()));

    /// <summary>The behaviours drawn when none are named: all but the epoch-specific ones, which act only across validator-set changes.</summary>
    public static IReadOnlyList<ByzantineBehaviour> ClassicBehaviours { get; } =
        [.. Enum.GetValues<ByzantineBehaviour>().Where(b => b < ByzantineBehaviour.SuffixPayloadLeader)];

    /// <summary>
    /// Derives a scenario from a seed: <paramref name="byzantine"/> Byzantine validators at random
    /// indices with random behaviours, a random GST, loss and duplication before it, maybe a
    /// partition that heals by GST and maybe an honest replica that crashes and restarts.
    /// <paramref name="behaviours"/> narrows the behaviours drawn from (`ledger sim --behaviour`).
    /// </summary>
    public static SimScenario Generate(int seed, int validators, int byzantine, IReadOnlyList<ByzantineBehaviour>? behaviours = null)
    {
        if (validators < 1 || byzantine < 0 || byzantine > validators)
        {
            throw new ArgumentException($"need 1 <= validators and 0 <= byzantine <= validators, got {validators} and {byzantine}");
        }

        var rng = new Random(seed);
        IReadOnlyList<ByzantineBehaviour> pool = behaviours ?? ClassicBehaviours;
        var byz = new Dictionary<int, ByzantineBehaviour>();
        foreach (int index in Enumerable.Range(0, validators).OrderBy(_ => rng.Next()).Take(byzantine))
        {
            byz[index] = pool[rng.Next(pool.Count)];
        }

        var scenario = new SimScenario { Seed = seed, Validators = validators, Byzantine = byz };
        int slotCount = scenario.SlotValidators.Count;
        long gst = rng.Next(0, 3_000);
        var partitions = new List<SimPartition>();
        if (rng.NextDouble() < 0.4)
        {
            var groupA = Enumerable.Range(0, slotCount).Where(_ => rng.Next(2) == 0).ToHashSet();
            long start = rng.Next(0, 1_000);
            partitions.Add(new SimPartition(start, start + rng.Next(300, 2_500), groupA));
        }

        var crashes = new List<SimCrash>();
        int[] honestSlots = [.. Enumerable.Range(0, slotCount).Where(s => !byz.ContainsKey(scenario.SlotValidators[s]))];
        if (honestSlots.Length > 0 && rng.NextDouble() < 0.35)
        {
            long at = rng.Next(100, 2_500);
            crashes.Add(new SimCrash(honestSlots[rng.Next(honestSlots.Length)], at, at + rng.Next(100, 2_000)));
        }

        SimScenario generated = scenario with
        {
            GstMs = gst,
            DropProbability = rng.NextDouble() < 0.5 ? 0 : rng.NextDouble() * 0.25,
            DuplicateProbability = rng.NextDouble() * 0.1,
            Partitions = partitions,
            Crashes = crashes,
            ClockOffsetsMs = [.. Enumerable.Range(0, slotCount).Select(_ => (long)rng.Next(-100, 101))],
        };
        return generated with
        {
            Workload = GenerateWorkload(rng, generated.StabilisationMs),
            ReplayArguments = behaviours is null ? null
                : $"--seed {seed} --validators {validators} --byzantine {byzantine}{string.Concat(behaviours.Select(b => $" --behaviour {b}"))}",
        };
    }

    /// <summary>
    /// A few to a few dozen transactions at random times until shortly after stabilisation, so runs
    /// have busy stretches, idle gaps (heartbeats only) and work that arrives during partitions.
    /// </summary>
    private static IReadOnlyList<SimTransaction> GenerateWorkload(Random rng, long stabilisationMs)
    {
        int count = rng.Next(0, 40);
        long end = stabilisationMs + 1_500;
        return [.. Enumerable.Range(0, count).Select(_ => (long)rng.Next(0, (int)end)).Order().Select((at, i) => new SimTransaction(i + 1, at))];
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed {Seed}: n={Validators}");
        text.Append(" byzantine={");
        text.AppendJoin(", ", Byzantine.OrderBy(b => b.Key).Select(b => $"{b.Key}:{b.Value}"));
        text.Append(CultureInfo.InvariantCulture, $"}} gst={GstMs}ms drop={DropProbability:F2} dup={DuplicateProbability:F2}");
        foreach (SimPartition p in Partitions)
        {
            text.Append(CultureInfo.InvariantCulture, $" partition[{p.StartMs}..{p.HealAtMs}ms {{{string.Join(',', p.GroupA.Order())}}}]");
        }

        foreach (SimCrash c in Crashes)
        {
            text.Append(CultureInfo.InvariantCulture, $" {(c.Wipe ? "wipe" : "crash")}[slot {c.Slot} at {c.AtMs}ms, restart {c.RestartAtMs}ms]");
        }

        if (Workload.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" txs={Workload.Count}");
        }

        foreach (SimTransaction change in Workload.Where(t => SimReconfiguration.IsChange(t.Id)))
        {
            text.Append(CultureInfo.InvariantCulture, $" change[at {change.AtMs}ms to {{{string.Join(',', SimReconfiguration.Members(change.Id))}}}]");
        }

        foreach (SimEpochCrash c in EpochCrashes)
        {
            text.Append(CultureInfo.InvariantCulture, $" crash[slot {c.Slot} {c.Point} of change {c.Change}, down {c.DownForMs}ms]");
        }

        if (Byzantine.Values.Contains(ByzantineBehaviour.SkewedClock))
        {
            text.Append(CultureInfo.InvariantCulture, $" skew={ClockSkewMs}ms");
        }

        if (Leaders.Count > 0 || RoundPartitions.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" slots=[{string.Join(',', SlotValidators.Select(v => $"v{v}"))}] rounds:");
            foreach (ulong round in Leaders.Keys.Union(RoundPartitions.Keys).Order())
            {
                string leader = Leaders.TryGetValue(round, out int l) ? $"v{l}" : "-";
                string network = RoundPartitions.TryGetValue(round, out SimRoundPartition? p) ? p.ToString() : "connected";
                text.Append(CultureInfo.InvariantCulture, $" r{round}[{leader} {network}]");
            }
        }

        return text.ToString();
    }
}
