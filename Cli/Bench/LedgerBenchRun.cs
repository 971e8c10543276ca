namespace Ledger.Cli.Bench;

/// <summary>
/// One timed pass of <see cref="LedgerBenchmark"/>: times, the final total supply, failed receipts,
/// the collector's share, and the time spent inside the store's Append (zero without a store).
/// The final state itself is not kept, so it does not weigh on the next run.
/// </summary>
public sealed record LedgerBenchRun(TimeSpan Elapsed, TimeSpan Cpu, ulong TotalSupply, int Failed, GcSnapshot Gc, TimeSpan CommitElapsed, TimeSpan CommitCpu);
