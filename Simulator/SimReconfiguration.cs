namespace Ledger.Simulator;

/// <summary>
/// The simulated application's validator-set change: a client transaction whose id, at or above
/// <see cref="FirstId"/>, names the change's sequence number and the new set (a bit per
/// <see cref="SimKeys"/> key, in key order). Executing a block that orders one reports the next
/// epoch with that set (<c>BlockExecuted.NextEpoch</c>), so the block ends its epoch. Honest
/// proposers order at most one change a block; a block with several takes the last one's set.
/// </summary>
public static class SimReconfiguration
{
    /// <summary>Ordinary client transactions have smaller ids.</summary>
    public const int FirstId = 1 << 24;

    private const int MaskBits = 16;

    /// <summary>The transaction for change <paramref name="change"/> (0-based) to the set of <paramref name="members"/> (key indices).</summary>
    public static int Id(int change, IEnumerable<int> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        int mask = 0;
        foreach (int key in members)
        {
            if (key < 0 || key >= Math.Min(MaskBits, SimKeys.Count))
            {
                throw new ArgumentOutOfRangeException(nameof(members), $"key {key} is outside 0..{Math.Min(MaskBits, SimKeys.Count) - 1}");
            }

            mask |= 1 << key;
        }

        if (mask == 0 || change < 0 || change >= (int.MaxValue - FirstId) >> MaskBits)
        {
            throw new ArgumentException($"a change needs at least one member and a sequence number in range (got change {change})");
        }

        return FirstId + (change << MaskBits) + mask;
    }

    public static bool IsChange(int transaction) => transaction >= FirstId;

    /// <summary>The key indices of the set a change transaction installs, in key order.</summary>
    public static IReadOnlyList<int> Members(int transaction) =>
        [.. Enumerable.Range(0, MaskBits).Where(key => ((transaction - FirstId) & (1 << key)) != 0)];
}
