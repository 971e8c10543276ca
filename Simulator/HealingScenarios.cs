using Ledger.Consensus;

namespace Ledger.Simulator;

/// <summary>
/// Scenarios for the pacemaker after healing (issue 12): an otherwise synchronous network (no loss,
/// GST at 0, clocks in step: a leader whose clock is behind its parent block's timestamp waits
/// for it, which would add up to the clocks' spread to the bound) splits into two groups neither of which holds a quorum, for longer than the round
/// timeouts take to back off to their maximum, and then heals. Clients keep submitting throughout,
/// so work is pending at the heal and leaders propose at once. Each scenario states how soon after
/// the heal every honest replica must commit again (<see cref="SimScenario.ResumeWithinMs"/>).
/// </summary>
public static class HealingScenarios
{
    /// <summary>
    /// Network delays the resume bound allows besides one base timeout: one to deliver the
    /// timeouts re-sent at the heal (or a timeout carrying the QC a lagging group lacks), one for
    /// the timeouts of a round that was re-entered after the heal and must still time out, then
    /// proposal, votes, proposal, votes, proposal: the third consecutive block announces the
    /// first one committed to every replica (two-chain rule).
    /// </summary>
    public const int ResumeDelays = 7;

    /// <summary>
    /// With a Byzantine leader: its failed round may come second after the heal (after a round that
    /// certified a block but committed nothing), which costs four more delays before it (the TC's
    /// block, votes, its proposal) and one more base timeout (a group a round behind may need its
    /// own base timer first). Seed 28, n = 7, an equivocating leader: 341 ms, over the honest bound.
    /// </summary>
    public const int ByzantineResumeDelays = 11;

    /// <summary>
    /// Derives a healing scenario from a seed for a committee of <paramref name="validators"/> (at
    /// least 4), timed for the parameters the simulator runs (<see cref="ConsensusParameters.ForTests"/>);
    /// with <paramref name="leader"/>, one validator (drawn by seed) is Byzantine that way, so a
    /// round after the heal may fail and have to time out.
    /// </summary>
    public static SimScenario Generate(int seed, int validators, ByzantineBehaviour? leader = null)
    {
        ConsensusParameters parameters = ConsensusParameters.ForTests();
        if (validators < 4)
        {
            throw new ArgumentException($"a healing scenario needs at least 4 validators, got {validators}");
        }

        var rng = new Random(seed);
        int quorum = validators - ((validators - 1) / 3);
        // Neither side holds a quorum: a side of n - quorum + 1 .. quorum - 1 replicas.
        int sideA = rng.Next(validators - quorum + 1, quorum);
        var groupA = Enumerable.Range(0, validators).OrderBy(_ => rng.Next()).Take(sideA).ToHashSet();
        long start = rng.Next(200, 1_500);
        // Long enough for every replica's timeouts to reach the maximum and stay there a while.
        long backedOff = FullBackoffMs(parameters);
        long heal = start + backedOff + parameters.MaxTimeoutMs + rng.Next(0, 3 * (int)parameters.MaxTimeoutMs);
        var scenario = new SimScenario
        {
            Seed = seed,
            Validators = validators,
            Byzantine = leader is { } behaviour ? new Dictionary<int, ByzantineBehaviour> { [rng.Next(validators)] = behaviour } : new Dictionary<int, ByzantineBehaviour>(),
            Partitions = [new SimPartition(start, heal, groupA)],
            ReplayArguments = $"--heal --seed {seed} --validators {validators}{(leader is { } b ? $" --behaviour {b}" : "")}",
        };
        return scenario with
        {
            Workload = Workload(rng, heal),
            ResumeWithinMs = leader is null
                ? parameters.BaseTimeoutMs + (ResumeDelays * (long)scenario.MaxDelayAfterGstMs)
                : (2 * parameters.BaseTimeoutMs) + (ByzantineResumeDelays * (long)scenario.MaxDelayAfterGstMs),
        };
    }

    /// <summary>The time a replica takes to time out rounds until its timeout is the maximum: base, 2 base, ..., max.</summary>
    private static long FullBackoffMs(ConsensusParameters parameters)
    {
        long total = 0;
        for (long delay = parameters.BaseTimeoutMs; delay < parameters.MaxTimeoutMs; delay *= 2)
        {
            total += delay;
        }

        return total + parameters.MaxTimeoutMs;
    }

    /// <summary>Transactions from the start until after the heal, some of them during the partition, so work is pending when it heals.</summary>
    private static IReadOnlyList<SimTransaction> Workload(Random rng, long healMs)
    {
        int count = rng.Next(5, 30);
        IEnumerable<long> times = Enumerable.Range(0, count).Select(_ => (long)rng.Next(0, (int)healMs + 1_000))
            .Append(healMs - 1 - rng.Next(0, 500));
        return [.. times.Order().Select((at, i) => new SimTransaction(i + 1, at))];
    }
}
