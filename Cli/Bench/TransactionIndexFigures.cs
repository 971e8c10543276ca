namespace Ledger.Cli.Bench;

/// <summary>Transaction-id lookups on an opened store: mean time of a hit (an id in a run file) and of a miss, the run files open and the index's managed bytes.</summary>
public sealed record TransactionIndexFigures(TimeSpan Hit, TimeSpan Miss, int Runs, long BytesHeld);
