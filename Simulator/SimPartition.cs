namespace Ledger.Simulator;

/// <summary>Until <see cref="HealAtMs"/>, messages between slots in different groups are lost.</summary>
public sealed record SimPartition(long StartMs, long HealAtMs, IReadOnlySet<int> GroupA)
{
    public bool Separates(int fromSlot, int toSlot, long nowMs) =>
        nowMs >= StartMs && nowMs < HealAtMs && GroupA.Contains(fromSlot) != GroupA.Contains(toSlot);
}
