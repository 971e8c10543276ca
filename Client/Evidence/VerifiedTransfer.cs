using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Evidence;

/// <summary>A transaction proven included in a committed block, with the ledger's receipt status.</summary>
public sealed record VerifiedTransfer(Transaction Transaction, ulong Height, string ReceiptStatus, Hash32 StateRoot);
