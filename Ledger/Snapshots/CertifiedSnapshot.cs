using Ledger.Crypto;

namespace Ledger.Snapshots;

/// <summary>
/// What a verified commit evidence certifies about a snapshot's block: its height, id and the state
/// root its QC signs, with the evidence itself (the node's commit certificate, opaque here), which
/// the store keeps as the certificate of the block it starts above.
/// </summary>
public sealed record CertifiedSnapshot(ulong Height, Hash32 BlockId, Hash32 StateRoot, byte[] Certificate);
