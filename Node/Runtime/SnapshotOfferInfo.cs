using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>A snapshot a node offers: its height, block id, state root, the file's size and SHA-256, and the commit certificate of its block.</summary>
public sealed record SnapshotOfferInfo(ulong Height, Hash32 BlockId, Hash32 StateRoot, long Size, Hash32 Checksum, byte[] Certificate);
