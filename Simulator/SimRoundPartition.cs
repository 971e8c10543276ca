namespace Ledger.Simulator;

/// <summary>
/// The network for the messages of one scripted round (Twins): a message between slots in
/// different <see cref="Groups"/> is lost, and so is one from a slot to a slot it has a one-way
/// drop towards (the reverse direction still works). A slot in no group is alone.
/// </summary>
public sealed record SimRoundPartition(IReadOnlyList<IReadOnlySet<int>> Groups, IReadOnlySet<(int From, int To)> OneWayDrops)
{
    /// <summary>Everyone connected, nothing dropped.</summary>
    public static SimRoundPartition Connected(int slots) =>
        new([Enumerable.Range(0, slots).ToHashSet()], new HashSet<(int From, int To)>());

    /// <summary>Whether a message of this round from one slot to another is lost (a slot always reaches itself).</summary>
    public bool Drops(int fromSlot, int toSlot) =>
        fromSlot != toSlot && (GroupOf(fromSlot) != GroupOf(toSlot) || GroupOf(fromSlot) < 0 || OneWayDrops.Contains((fromSlot, toSlot)));

    private int GroupOf(int slot)
    {
        for (int g = 0; g < Groups.Count; g++)
        {
            if (Groups[g].Contains(slot))
            {
                return g;
            }
        }

        return -1;
    }

    public override string ToString()
    {
        string groups = string.Concat(Groups.Select(g => "{" + string.Join(',', g.Order()) + "}"));
        return OneWayDrops.Count == 0 ? groups : groups + string.Concat(OneWayDrops.Order().Select(d => $" {d.From}-/->{d.To}"));
    }
}
