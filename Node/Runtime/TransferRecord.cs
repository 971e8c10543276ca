using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>A committed transfer: where it is, the proof it is there, and the block's certificate.</summary>
public sealed record TransferRecord(ulong Height, byte[] Transaction, long LeafIndex, long TreeSize, IReadOnlyList<Hash32> AuditPath, byte[] Certificate);
