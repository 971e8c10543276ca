namespace Ledger.Node.Runtime;

/// <summary>A commit the <see cref="LedgerCommitter"/> finished: <see cref="Failure"/> is null when the block is committed and durable.</summary>
internal sealed record CommitOutcome(LedgerCommitJob Job, Exception? Failure);
