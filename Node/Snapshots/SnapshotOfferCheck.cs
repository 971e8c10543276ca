using Ledger.Client.Evidence;
using Ledger.Crypto;
using Ledger.Node.Protos.Replica;
using Ledger.Snapshots;

namespace Ledger.Node.Snapshots;

/// <summary>
/// Judges a peer's snapshot offer before a byte of it is fetched: the commit evidence must prove,
/// from genesis alone (<see cref="EvidenceVerifier.VerifyCommitted"/>: a quorum of distinct
/// signatures of the validators of the block's epoch on every QC of the chain, that set proven
/// from genesis by epoch-change proofs the same peer serves (<see cref="ProveEpochAsync"/>), the
/// two-chain commit rule, BFT time), that the offered block is final at the offered height with the offered state root, and
/// must carry the block (the consensus core restarts from it); the size must be within
/// <c>limits.snapshotMaxBytes</c>. Anything else is a <see cref="SnapshotRefusedException"/>.
/// </summary>
public sealed class SnapshotOfferCheck(EvidenceVerifier verifier, long maxBytes)
{
    /// <summary>GetEpochProofs calls per offer (each brings up to the peer's limit of proofs).</summary>
    public const int MaxProofCalls = 64;

    /// <summary>
    /// Proves the epoch of the offer's evidence from <paramref name="peer"/>'s epoch-change proofs
    /// when it is not proven yet, each checked against the set before it (proofs from one peer
    /// are as good as from any: they are checked from genesis). A proof that fails a check refuses
    /// the offer; a peer that serves none or cannot be reached leaves the epoch unproven, and
    /// <see cref="Verify"/> then refuses the offer.
    /// </summary>
    public async Task ProveEpochAsync(SnapshotOffer offer, ISnapshotPeer peer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(peer);
        ulong epoch;
        try
        {
            epoch = CommitCertificate.Decode(offer.Certificate.Span).DecodeChain()[0].Data.Epoch;
        }
        catch (FormatException)
        {
            return;
        }

        for (int call = 0; call < MaxProofCalls && verifier.Epochs.Highest < epoch; call++)
        {
            Protos.Replica.EpochProofs answer;
            try
            {
                answer = await peer.EpochProofsAsync(verifier.Epochs.Highest, ct).ConfigureAwait(false);
            }
            catch (Grpc.Core.RpcException) when (!ct.IsCancellationRequested)
            {
                return;
            }

            if (answer.Proofs.Count == 0)
            {
                return;
            }

            try
            {
                foreach (var bytes in answer.Proofs)
                {
                    verifier.Epochs.Accept(EpochChangeProof.Decode(bytes.Span));
                }
            }
            catch (Exception e) when (e is FormatException or EpochProofException)
            {
                throw new SnapshotRefusedException(SnapshotRefusal.EvidenceInvalid, $"{peer.Name}'s epoch-change proofs for its snapshot at height {offer.Height}: {e.Message}", e);
            }
        }
    }

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
