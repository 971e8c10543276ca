using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>A block that just committed, for the client commit stream and the status table.</summary>
public sealed record CommitNotification(ulong Height, Hash32 BlockId, Hash32 StateRoot, int Transactions, long TimestampMs);
