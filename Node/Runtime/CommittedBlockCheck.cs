using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// The verdict on a fetched committed block. When <see cref="Valid"/>, the fields are what the
/// evidence certifies: the block's id, its parent, its payload and the state root its QC signed.
/// </summary>
public sealed record CommittedBlockCheck(
    bool Valid,
    string Reason,
    Hash32 BlockId,
    Hash32 ParentId,
    ulong Round,
    byte[] Payload,
    long TimestampMs,
    Hash32 CertifiedStateRoot)
{
    public static CommittedBlockCheck Invalid(string reason) =>
        new(false, reason, Hash32.Zero, Hash32.Zero, 0, [], 0, Hash32.Zero);
}
