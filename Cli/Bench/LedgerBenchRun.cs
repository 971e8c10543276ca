using Ledger.State;

namespace Ledger.Cli.Bench;

/// <summary>One timed pass of <see cref="LedgerBenchmark"/>: times, the final state, failed receipts and the collector's share.</summary>
public sealed record LedgerBenchRun(TimeSpan Elapsed, TimeSpan Cpu, LedgerState Final, int Failed, GcSnapshot Gc);
