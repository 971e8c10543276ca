namespace Ledger;

/// <summary>What opening the ledger did: the snapshot height it started from (0: the genesis state) and how many stored blocks it replayed after it.</summary>
public sealed record LedgerRestore(ulong SnapshotHeight, ulong BlocksReplayed);
