using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>A committed block as stored: where it is, what it produced, and its certificate (consensus block plus commit evidence).</summary>
public sealed record StoredBlock(ulong Height, Hash32 BlockId, Hash32 StateRoot, int Transactions, long TimestampMs, byte[] Certificate);
