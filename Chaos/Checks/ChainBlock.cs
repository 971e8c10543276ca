using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Transactions;

namespace Ledger.Chaos.Checks;

/// <summary>A committed block as the checks read it from a store: where it is, its roots, its transactions and their receipts (payload order).</summary>
public sealed record ChainBlock(ulong Height, Hash32 BlockId, Hash32 StateRoot, IReadOnlyList<Transaction> Transactions, IReadOnlyList<Receipt> Receipts);
