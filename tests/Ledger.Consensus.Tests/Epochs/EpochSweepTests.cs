namespace Ledger.Consensus.Tests.Epochs;

/// <summary>
/// Seeded runs of two validator-set changes (add the idle fifth slot, then remove one of the
/// first four) under reordering delays, with a crash and restart of a seeded slot at a seeded time
/// around the first boundary: every replica ends in epoch 2 with the same chain, each committed
/// block of the epoch its parent's state was in, and a transaction submitted after both changes
/// committed everywhere. <see cref="Sweep"/> reproduces one seed.
/// </summary>
public sealed class EpochSweepTests
{
    /// <summary>Runs <paramref name="seed"/>; null when it held, else what failed (with the seed).</summary>
    internal static string? Sweep(int seed)
    {
        var rng = new Random(seed);
        var net = new EpochNetwork(seed: seed);
        net.Start();
        net.Submit(1);
        long addAt = 100 + rng.Next(1_500);
        long removeAt = 2_500 + rng.Next(2_000);
        int removed = rng.Next(4);
        int crashed = rng.Next(EpochNetwork.Slots);
        long crashAt = addAt + rng.Next(1_000);
        long downFor = rng.Next(1_500);
        List<(long At, Action Act)> events =
        [
            (addAt, () => net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 3, 4))),
            (removeAt, () => net.Submit(EpochNetwork.Reconfigure([.. Enumerable.Range(0, 5).Where(s => s != removed)]))),
            (9_000, () => net.Submit(42)),
            (crashAt, () => net.Crash(crashed)),
            (crashAt + downFor + 1, () => net.Restart(crashed)),
        ];
        foreach ((long at, Action act) in events.OrderBy(e => e.At))
        {
            net.RunUntil(at);
            act();
        }

        net.RunUntil(20_000);
        string where = $"seed {seed} (add at {addAt} ms, remove slot {removed} at {removeAt} ms, crash slot {crashed} at {crashAt} ms for {downFor} ms)";
        IReadOnlyList<Messages.Block> longest = Enumerable.Range(0, EpochNetwork.Slots).Select(net.Committed).MaxBy(c => c.Count)!;
        for (int slot = 0; slot < EpochNetwork.Slots; slot++)
        {
            IReadOnlyList<Messages.Block> chain = net.Committed(slot);
            for (int i = 0; i < chain.Count; i++)
            {
                if (chain[i].Id != longest[i].Id)
                {
                    return $"{where}: slot {slot} committed {chain[i]} at height {i + 1}, another slot {longest[i]}";
                }
            }

            if (net.CheckEpochsOfCommittedBlocks(slot) is { } epochError)
            {
                return $"{where}: {epochError}";
            }

            if (net.Core(slot).Epoch != 2 || !net.HasCommitted(slot, 42))
            {
                return $"{where}: slot {slot} ended in epoch {net.Core(slot).Epoch}, committed the last transaction: {net.HasCommitted(slot, 42)}";
            }
        }

        return null;
    }

    [Fact]
    public void Sweep_FortySeeds_AgreeOnChainsAndEpochsAndStayLive()
    {
        var failures = Enumerable.Range(1, 40).Select(Sweep).Where(f => f is not null).ToList();

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
