using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>A block as the ledger sees it: where it hangs, its height, its proposer timestamp, its transactions.</summary>
public sealed record BlockInput(Hash32 ParentBlockId, Hash32 BlockId, ulong Height, long TimestampMs, IReadOnlyList<Transaction> Transactions);
