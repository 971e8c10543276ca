using Ledger.Consensus;

namespace Ledger.Simulator;

/// <summary>
/// Seeded scenarios with validator-set changes (`ledger sim --epochs`): genesis's set of
/// <c>validators</c> keys, then <c>changes</c> changes a client submits one after another (add a
/// key that has followed since genesis, remove a member, replace one member's key by a new one),
/// each set 4..10 strong and holding at most f Byzantine members. Around the boundaries: loss and
/// long delays before GST, maybe a partition that heals after a switch, maybe an honest replica that
/// crashes for a while (long enough, it catches up across the boundary by sync), and crashes
/// triggered exactly at a boundary (<see cref="SimEpochCrash"/>). Byzantine validators draw from
/// every behaviour but Twins, the epoch-specific ones included; a validator that keeps sending
/// after its removal is one a change removes.
/// </summary>
public static class EpochScenarios
{
    public const int MinSet = 4;
    public const int MaxSet = 10;

    /// <summary>Time between one change's submission and the next's (plus a seeded jitter).</summary>
    public const int ChangeSpacingMs = 1_500;

    /// <summary>The behaviours drawn when none are named: every one but Twins (two instances of one key are not one replica).</summary>
    public static IReadOnlyList<ByzantineBehaviour> DefaultBehaviours { get; } =
        [.. Enum.GetValues<ByzantineBehaviour>().Where(b => b != ByzantineBehaviour.Twins)];

    /// <summary>
    /// The scenario for <paramref name="seed"/>: <paramref name="byzantine"/> Byzantine validators
    /// (-1: 0..f of genesis's set, by seed; no set may then shrink below 3f + 1), behaviours from <paramref name="behaviours"/>
    /// (null: <see cref="DefaultBehaviours"/>).
    /// </summary>
    public static SimScenario Generate(int seed, int validators, int changes, int byzantine = -1, IReadOnlyList<ByzantineBehaviour>? behaviours = null)
    {
        if (validators < MinSet || validators > MaxSet || changes < 1 || changes > 8)
        {
            throw new ArgumentException($"epoch scenarios need {MinSet} <= validators <= {MaxSet} and 1 <= changes <= 8 (got {validators} and {changes})");
        }

        var rng = new Random(seed);
        int drawn = rng.Next(((validators - 1) / 3) + 1);
        int byzCount = byzantine >= 0 ? byzantine : drawn;
        if (byzCount > (validators - 1) / 3)
        {
            throw new ArgumentException($"{byzCount} Byzantine validators exceed f for {validators}");
        }

        IReadOnlyList<ByzantineBehaviour> pool = behaviours is { Count: > 0 } ? behaviours : DefaultBehaviours;
        var byz = new Dictionary<int, ByzantineBehaviour>();
        foreach (int key in Enumerable.Range(0, validators).OrderBy(_ => rng.Next()).Take(byzCount))
        {
            byz[key] = pool[rng.Next(pool.Count)];
        }

        List<List<int>> sets = PlanSets(rng, validators, changes, byz);
        var workload = new List<SimTransaction>();
        long changeAt = 0;
        var changeTimes = new List<long>();
        for (int k = 0; k < changes; k++)
        {
            changeAt += (k == 0 ? 200 : ChangeSpacingMs) + rng.Next(800);
            changeTimes.Add(changeAt);
            workload.Add(new SimTransaction(SimReconfiguration.Id(k, sets[k + 1]), changeAt));
        }

        int ordinary = rng.Next(0, 30);
        long end = changeAt + 1_500;
        workload.AddRange(Enumerable.Range(0, ordinary).Select(i => new SimTransaction(i + 1, rng.Next(0, (int)end))));
        int keys = sets.SelectMany(s => s).Max() + 1;

        var scenario = new SimScenario
        {
            Seed = seed,
            Validators = validators,
            Byzantine = byz,
            GstMs = rng.Next(0, 1_500),
            DropProbability = rng.NextDouble() < 0.5 ? 0 : rng.NextDouble() * 0.15,
            DuplicateProbability = rng.NextDouble() * 0.1,
            ClockOffsetsMs = [.. Enumerable.Range(0, keys).Select(_ => (long)rng.Next(-100, 101))],
            Workload = [.. workload.OrderBy(t => t.AtMs).ThenBy(t => t.Id)],
        };

        int[] honest = [.. Enumerable.Range(0, keys).Where(k => !byz.ContainsKey(k))];
        int around = rng.Next(changes);
        var partitions = new List<SimPartition>();
        if (rng.NextDouble() < 0.4)
        {
            // A minority cut off across a switch, healing after it.
            int size = 1 + rng.Next(Math.Max(1, (keys - 1) / 3));
            var groupA = Enumerable.Range(0, keys).OrderBy(_ => rng.Next()).Take(size).ToHashSet();
            long start = Math.Max(0, changeTimes[around] - rng.Next(400));
            partitions.Add(new SimPartition(start, changeTimes[around] + rng.Next(300, 2_500), groupA));
        }

        var crashes = new List<SimCrash>();
        if (rng.NextDouble() < 0.35)
        {
            long at = Math.Max(1, changeTimes[around] + rng.Next(-200, 800));
            crashes.Add(new SimCrash(honest[rng.Next(honest.Length)], at, at + rng.Next(100, 3_000)));
        }

        var epochCrashes = new List<SimEpochCrash>();
        int boundaryCrashes = rng.Next(3);
        for (int i = 0; i < boundaryCrashes; i++)
        {
            int change = rng.Next(changes);
            var point = (EpochCrashPoint)rng.Next(Enum.GetValues<EpochCrashPoint>().Length);
            int slot = honest[rng.Next(honest.Length)];
            if (point == EpochCrashPoint.ProposingFirstOfEpoch)
            {
                var next = new ValidatorSet(sets[change + 1].Select(k => SimKeys.Validator(k).PublicKey));
                int leader = sets[change + 1].Single(k => SimKeys.Validator(k).PublicKey == next.KeyOf(next.LeaderOf(1)));
                if (byz.ContainsKey(leader))
                {
                    continue;
                }

                slot = leader;
            }

            epochCrashes.Add(new SimEpochCrash(slot, change, point, rng.Next(50, 2_500)));
        }

        string named = behaviours is { Count: > 0 } ? string.Concat(behaviours.Select(b => $" --behaviour {b}")) : "";
        return scenario with
        {
            Partitions = partitions,
            Crashes = crashes,
            EpochCrashes = epochCrashes,
            ReplayArguments = $"--epochs --epoch-changes {changes} --seed {seed} --validators {validators} --byzantine {byzCount}{named}",
        };
    }

    /// <summary>
    /// Genesis's set and the set after each change: add a key never used before, remove a member,
    /// or replace a member's key by a new one (when none fits, the same set again); every set within
    /// [<see cref="MinSet"/>, <see cref="MaxSet"/>], with at most f Byzantine members. A validator that keeps sending after
    /// its removal is removed by the first change that can.
    /// </summary>
    private static List<List<int>> PlanSets(Random rng, int validators, int changes, IReadOnlyDictionary<int, ByzantineBehaviour> byz)
    {
        var sets = new List<List<int>> { Enumerable.Range(0, validators).ToList() };
        int nextKey = validators;
        int[] removeFirst = [.. byz.Where(b => b.Value == ByzantineBehaviour.RemovedKeepsSending).Select(b => b.Key)];
        for (int k = 0; k < changes; k++)
        {
            List<int> current = sets[^1];
            List<int>? next = null;
            for (int attempt = 0; attempt < 32 && next is null; attempt++)
            {
                int kind = rng.Next(3);
                int victim = current[rng.Next(current.Count)];
                if (attempt < 4 && removeFirst.FirstOrDefault(current.Contains, -1) is >= 0 and var target)
                {
                    // Remove (or replace) the validator that will keep sending after it.
                    (kind, victim) = (kind == 0 ? 1 : kind, target);
                }

                List<int> candidate = kind switch
                {
                    0 when nextKey < SimKeys.Count => [.. current, nextKey],
                    1 => [.. current.Where(key => key != victim)],
                    2 when nextKey < SimKeys.Count => [.. current.Where(key => key != victim), nextKey],
                    _ => current,
                };
                if (candidate != current && candidate.Count is >= MinSet and <= MaxSet && candidate.Count(byz.ContainsKey) <= (candidate.Count - 1) / 3)
                {
                    next = candidate;
                }
            }

            // Nothing fit (the keys ran out): the same set again, still a change of epoch.
            next ??= current;
            if (next.Contains(nextKey))
            {
                nextKey++;
            }

            sets.Add(next);
        }

        return sets;
    }
}
