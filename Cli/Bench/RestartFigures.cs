namespace Ledger.Cli.Bench;

/// <summary>One measured open: the chain's height, how long the open took, the snapshot it started from, the blocks it replayed, the records the store read back, the managed memory it left held and the process's working set after it.</summary>
public sealed record RestartFigures(ulong Height, TimeSpan Open, ulong SnapshotHeight, ulong BlocksReplayed, long RecordsRead, long HeldBytes)
{
    public long WorkingSetBytes { get; init; }
}
