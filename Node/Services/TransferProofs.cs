using Ledger.Crypto;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;

namespace Ledger.Node.Services;

/// <summary>
/// Builds committed transfers' proofs for the client API without holding up commits: the lookup
/// is in memory, only the block read goes through the store gate (which commits take too), and
/// the proof is computed outside it (<see cref="LedgerEngine.ProveTransaction"/>: one transaction
/// decoded, one hash per transaction of the block). At most <c>limits.transferProofsInFlight</c>
/// are built at once; a request over it is refused and counted rather than queued.
/// </summary>
public sealed class TransferProofs(LedgerEngine ledger, LedgerStoreGate store, int inFlight, NodeMetrics metrics) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(inFlight, inFlight);

    /// <summary>
    /// The proof and the block's commit certificate; null with an empty <paramref name="refusal"/>
    /// when nothing is committed under <paramref name="transactionId"/>, null with the sentence for
    /// RESOURCE_EXHAUSTED when every slot is busy.
    /// </summary>
    public CommittedTransfer? TryProve(Hash32 transactionId, out string refusal)
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
            if (store.Run(() => ledger.GetBlock(location.Height)) is not { } block)
            {
                return null;
            }

            return new CommittedTransfer(ledger.ProveTransaction(block, location.Index), block.Certificate);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
