using System.Collections.Concurrent;
using Ledger.Client.Evidence;
using Ledger.Node.Runtime;
using Ledger.State;
using Ledger.Storage;

namespace Ledger.Node.Services;

/// <summary>
/// Builds epoch-change proofs from the committed chain, read-only (docs/PROTOCOL.md, "Epoch-change
/// proofs"): the block ending epoch e is the first whose state header is in epoch e + 1. Epochs
/// never decrease with height and every index document holds its block's header, so that block is
/// found by a binary search over headers (about log2(height) index reads, no record read); the
/// heights found are kept in memory (at most <see cref="MaxIndexedEpochs"/>, nothing on disk to
/// rebuild or to go stale, since committed blocks never change). The proof is the block's stored
/// commit certificate without the block, its header, and the roster its state diff carries.
/// </summary>
public sealed class EpochProofSource(LedgerEngine ledger, LedgerStoreGate store)
{
    /// <summary>Epoch-ending heights kept; past it, further ones are searched again on each call.</summary>
    public const int MaxIndexedEpochs = 4_096;

    private readonly ConcurrentDictionary<ulong, ulong> _endHeights = new();

    /// <summary>Epoch-ending heights held now (the metric <c>ledger_epoch_end_heights_indexed</c>).</summary>
    public int IndexedEpochs => _endHeights.Count;

    /// <summary>
    /// The proofs of epochs <paramref name="fromEpoch"/> + 1 up: at most <paramref name="maxProofs"/>,
    /// stopping before the one that would take the encoded total past <paramref name="maxBytes"/>
    /// (always at least one), none once the committed head's epoch is reached. An ending block
    /// below a store's snapshot base is not held: a <see cref="BlockNotStoredException"/> naming
    /// where the store begins (FAILED_PRECONDITION to the caller).
    /// </summary>
    public EpochProofPage Read(ulong fromEpoch, int maxProofs, int maxBytes)
    {
        ulong head = ledger.Committed.Height;
        ulong current = ledger.Committed.State.Epoch;
        var proofs = new List<EpochChangeProof>();
        long bytes = 0;
        for (ulong epoch = fromEpoch; epoch < current && proofs.Count < maxProofs; epoch++)
        {
            EpochChangeProof proof = Build(epoch, head);
            bytes += proof.Encode().Length;
            if (proofs.Count > 0 && bytes > maxBytes)
            {
                break;
            }

            proofs.Add(proof);
        }

        return new EpochProofPage(proofs, current);
    }

    private EpochChangeProof Build(ulong epoch, ulong head)
    {
        ulong height = EndOf(epoch, head);
        StoredBlock block = store.Run(() => ledger.GetBlock(height))
            ?? throw new StoreCorruptedException($"block {height}, which ends epoch {epoch}, is missing below the head {head}");
        StateChanges diff = StateChangesCodec.Decode(block.StateDiff);
        if (diff.NextEpoch is not { } next || next.Epoch != epoch + 1 || next.Roster.Root != block.Header.ValidatorsRoot)
        {
            throw new StoreCorruptedException($"block {height} starts epoch {epoch + 1} in its header but its state diff records no such change");
        }

        byte[] certificate = CommitCertificate.Decode(block.Certificate).WithoutBlock().Encode();
        return new EpochChangeProof(epoch + 1, certificate, block.Header, next.Roster.Encoded);
    }

    // The lowest height whose header is in an epoch above `epoch` (epochs never decrease with height).
    private ulong EndOf(ulong epoch, ulong head)
    {
        if (_endHeights.TryGetValue(epoch, out ulong known))
        {
            return known;
        }

        ulong low = ledger.FirstHeight;
        if (ledger.StoreBase is { } b && b.Header.Epoch > epoch)
        {
            throw new BlockNotStoredException(
                $"the proof of epoch {epoch + 1} is not stored here: the block ending epoch {epoch} is at or below block {b.Height}, and this store begins at block {low} "
                + $"(installed from a snapshot at height {b.Height}, epoch {b.Header.Epoch}); ask another node");
        }

        ulong high = head;
        while (low < high)
        {
            ulong middle = low + ((high - low) / 2);
            if (EpochAt(middle) > epoch)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        if (EpochAt(low) != epoch + 1)
        {
            throw new StoreCorruptedException($"the first block after epoch {epoch} (height {low}) is in epoch {EpochAt(low)}, not {epoch + 1}");
        }

        if (_endHeights.Count < MaxIndexedEpochs)
        {
            _endHeights.TryAdd(epoch, low);
        }

        return low;
    }

    private ulong EpochAt(ulong height) =>
        (store.Run(() => ledger.CommittedHeader(height)) ?? throw new StoreCorruptedException($"block {height} has no state header below the head")).Epoch;
}
