using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>What the loop last published for status readers: round, leader and the committed head.</summary>
public sealed record ReplicaSnapshot(ulong Round, string Leader, ulong Height, Hash32 BlockId, Hash32 StateRoot, long TimestampMs);
