namespace Ledger.Storage;

/// <summary>Where a committed transaction sits: its block's height and its index in the payload.</summary>
public readonly record struct TransactionLocation(ulong Height, int Index);
