using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>The last committed block as the ledger stores it.</summary>
public sealed record LedgerTip(ulong Height, Hash32 BlockId, Hash32 StateRoot, long TimestampMs);
