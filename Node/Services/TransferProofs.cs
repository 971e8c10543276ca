using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;
using Ledger.Storage;

namespace Ledger.Node.Services;

/// <summary>
/// Committed transfers' proofs for the client API. The proof reaches the state root its block's
/// QC certifies (through the transaction and receipts roots of the state header), so the answer
/// leaves the block (up to the 4 MB payload cap) out, as a balance's does (<see cref="From"/>).
/// Building one does not hold up commits: the lookup is in memory, only the block read goes
/// through the store gate (which commits take too), and the proof is computed outside it
/// (<see cref="LedgerEngine.ProveTransaction"/>: one transaction decoded, two trees over the
/// block's receipts). At most <c>limits.transferProofsInFlight</c> are built at once; a request
/// over it is refused and counted rather than queued.
/// </summary>
public sealed class TransferProofs(LedgerEngine ledger, LedgerStoreGate store, int inFlight, NodeMetrics metrics) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(inFlight, inFlight);

    /// <summary>The client API's answer for a committed transaction: its proof and the QC chain without the block.</summary>
    public static TransferProof From(CommittedTransaction committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        return new TransferProof
        {
            Height = committed.Proof.Height,
            Transaction = ByteString.CopyFrom(committed.Transaction.Encoded),
            Evidence = new CommitEvidence
            {
                Height = committed.Proof.Height,
                Certificate = ByteString.CopyFrom(CommitCertificate.Decode(committed.Certificate).WithoutBlock().Encode()),
            },
            ReceiptStatus = committed.Proof.Receipt.Status.ToString(),
            Proof = ByteString.CopyFrom(committed.Proof.ToBytes()),
        };
    }

    /// <summary>
    /// The committed transaction with its proof and its block's certificate; null with an empty
    /// <paramref name="refusal"/> when nothing is committed under <paramref name="transactionId"/>,
    /// null with the sentence for RESOURCE_EXHAUSTED when every slot is busy.
    /// </summary>
    public CommittedTransaction? TryProve(Hash32 transactionId, out string refusal)
    {
        refusal = string.Empty;
        if (ledger.LocateTransaction(transactionId) is not { } location)
        {
            return null;
        }

        if (!_slots.Wait(0))
        {
            metrics.LimitRefused(LimitNames.TransferProofsInFlight);
            refusal = $"{inFlight} transfer proofs are being built (limits.transferProofsInFlight); retry later";
            return null;
        }

        try
        {
            StoredBlock? block;
            try
            {
                block = store.Run(() => ledger.GetBlock(location.Height));
            }
            catch (BlockNotStoredException e)
            {
                // Pruned between the lookup and the read.
                throw new TransactionNotStoredException(transactionId, location.Height, e.FirstHeight);
            }

            if (block is null)
            {
                return null;
            }

            return ledger.ProveTransaction(block, location.Index);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="build"/> (which builds transfer proofs, e.g. a history page) in one of
    /// the same slots; null with the sentence for RESOURCE_EXHAUSTED when every slot is busy.
    /// </summary>
    public T? InSlot<T>(Func<T> build, out string refusal)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(build);
        refusal = string.Empty;
        if (!_slots.Wait(0))
        {
            metrics.LimitRefused(LimitNames.TransferProofsInFlight);
            refusal = $"{inFlight} transfer proofs are being built (limits.transferProofsInFlight); retry later";
            return null;
        }

        try
        {
            return build();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
