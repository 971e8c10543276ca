using Ledger.Client.Evidence;
using Ledger.Crypto;
using Ledger.Node.Protos.Replica;
using Ledger.Snapshots;

namespace Ledger.Node.Snapshots;

/// <summary>
/// Judges a peer's snapshot offer before a byte of it is fetched: the commit evidence must prove,
/// with genesis's validators alone (<see cref="EvidenceVerifier.VerifyCommitted"/>: a quorum of
/// distinct genesis validator signatures on every QC of the chain, the two-chain commit rule, BFT
/// time), that the offered block is final at the offered height with the offered state root, and
/// must carry the block (the consensus core restarts from it); the size must be within
/// <c>limits.snapshotMaxBytes</c>. Anything else is a <see cref="SnapshotRefusedException"/>.
/// </summary>
public sealed class SnapshotOfferCheck(EvidenceVerifier verifier, long maxBytes)
{
    public CertifiedSnapshot Verify(SnapshotOffer offer, string peer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.BlockId.Length != Hash32.Size || offer.StateRoot.Length != Hash32.Size || offer.Checksum.Length != Hash32.Size)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.EvidenceMismatch, $"{peer}'s offer at height {offer.Height} has a block id, state root or checksum that is not {Hash32.Size} bytes");
        }

        CertifiedBlock certified;
        try
        {
            certified = verifier.VerifyCommitted(new Client.Protos.CommitEvidence { Height = offer.Height, Certificate = offer.Certificate });
        }
        catch (EvidenceException e)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.EvidenceInvalid, $"{peer}'s snapshot at height {offer.Height}: {e.Message}", e);
        }

        if (certified.Block is not { } block)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.EvidenceInvalid, $"{peer}'s snapshot at height {offer.Height}: the commit certificate leaves the block out");
        }

        var blockId = new Hash32(offer.BlockId.Span);
        var stateRoot = new Hash32(offer.StateRoot.Span);
        if (block.Id != blockId || certified.StateRoot != stateRoot || certified.Height != offer.Height)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.EvidenceMismatch,
                $"{peer} offers block {blockId.ToShortHex()} with root {stateRoot.ToShortHex()} at height {offer.Height}; its evidence certifies block {block.Id.ToShortHex()} with root {certified.StateRoot.ToShortHex()} at height {certified.Height}");
        }

        if (offer.Size > (ulong)maxBytes)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.TooLarge, $"{peer}'s snapshot at height {offer.Height} is {offer.Size} bytes, above limits.snapshotMaxBytes ({maxBytes})");
        }

        return new CertifiedSnapshot(offer.Height, blockId, stateRoot, offer.Certificate.ToByteArray());
    }
}
