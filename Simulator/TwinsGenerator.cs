namespace Ledger.Simulator;

/// <summary>
/// Seeded Twins scenarios in the style of Bano et al., "Twins: BFT systems made robust" (2020): some
/// validators run as two honest instances sharing one key (a pair is one Byzantine validator able to
/// equivocate and forget), and every scripted round gets a leader and a network, a partition of the
/// slots into groups, drawn from the enumerated leader-partition pairs. A seed picks which validators
/// are twinned and, for each round, one pair (plus, sometimes, a one-way drop; or the previous
/// round's network again, since a partition must last a few rounds to matter). The network is
/// otherwise synchronous: no loss, duplicates or long delays, no crashes.
/// </summary>
public static class TwinsGenerator
{
    /// <summary>
    /// Every partition of <paramref name="slots"/> slots into at most <paramref name="maxGroups"/>
    /// non-empty groups, each once (groups in order of their smallest slot).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IReadOnlySet<int>>> Partitions(int slots, int maxGroups)
    {
        var result = new List<IReadOnlyList<IReadOnlySet<int>>>();
        var groupOf = new int[slots];

        // Restricted growth strings: slot i joins one of the groups used so far or opens the next.
        void Assign(int slot, int used)
        {
            if (slot == slots)
            {
                result.Add([.. Enumerable.Range(0, used).Select(g => (IReadOnlySet<int>)Enumerable.Range(0, slots).Where(s => groupOf[s] == g).ToHashSet())]);
                return;
            }

            for (int g = 0; g <= used && g < maxGroups; g++)
            {
                groupOf[slot] = g;
                Assign(slot + 1, Math.Max(used, g + 1));
            }
        }

        Assign(0, 0);
        return result;
    }

    /// <summary>The scenario for <paramref name="seed"/>; the same seed and options give the same scenario.</summary>
    public static SimScenario Generate(int seed, TwinsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Random(seed);
        int[] twinned = [.. Enumerable.Range(0, options.Validators).OrderBy(_ => rng.Next()).Take(options.Twins).Order()];
        var scenario = new SimScenario
        {
            Seed = seed,
            Validators = options.Validators,
            Byzantine = twinned.ToDictionary(v => v, _ => ByzantineBehaviour.Twins),
            GstMs = options.GstMs,
            MaxDelayBeforeGstMs = 20,
            ReplayArguments = options.ReplayArguments(seed),
        };

        int slots = scenario.SlotValidators.Count;
        IReadOnlyList<IReadOnlyList<IReadOnlySet<int>>> partitions = Partitions(slots, options.MaxGroups);
        int[] leaders = options.TwinLeadersOnly ? twinned : [.. Enumerable.Range(0, options.Validators)];
        var leaderByRound = new Dictionary<ulong, int>();
        var networkByRound = new Dictionary<ulong, SimRoundPartition>();
        for (ulong round = 1; round <= (ulong)options.Rounds; round++)
        {
            int pair = rng.Next(leaders.Length * partitions.Count);
            leaderByRound[round] = leaders[pair % leaders.Length];
            if (round > 1 && rng.NextDouble() < options.RepeatRate)
            {
                networkByRound[round] = networkByRound[round - 1];
                continue;
            }

            IReadOnlyList<IReadOnlySet<int>> groups = partitions[pair / leaders.Length];
            networkByRound[round] = new SimRoundPartition(groups, OneWayDrop(rng, groups, options.OneWayDropRate));
        }

        return scenario with { Leaders = leaderByRound, RoundPartitions = networkByRound };
    }

    /// <summary>Maybe one direction of one link inside a group (a link across groups is already cut).</summary>
    private static HashSet<(int From, int To)> OneWayDrop(Random rng, IReadOnlyList<IReadOnlySet<int>> groups, double rate)
    {
        (int, int)[] links = [.. groups.SelectMany(g => g.SelectMany(from => g.Where(to => to != from).Select(to => (from, to)))).Order()];
        return rng.NextDouble() < rate && links.Length > 0 ? [links[rng.Next(links.Length)]] : [];
    }
}
