using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;

namespace Ledger.Client.Nodes;

/// <summary>
/// Proves a later epoch's validator set from a node's GetEpochProofs answers before evidence of
/// that epoch is verified: each proof is checked against the set before it
/// (<see cref="ProvenEpochs.Accept"/>), so the node is trusted for nothing; a node that offers no
/// proof, or a refused one, leaves the epoch unproven and the evidence unverified.
/// </summary>
public static class EpochProofFetch
{
    /// <summary>Calls per proving (each brings up to the node's limit of proofs, 16 by default).</summary>
    public const int MaxCalls = 64;

    /// <summary>
    /// Runs <paramref name="verify"/>; when it meets evidence of an epoch not proven yet, fetches
    /// and checks the proofs up to that epoch from <paramref name="client"/> and runs it once more.
    /// </summary>
    public static async Task<T> VerifyAsync<T>(LedgerClient.LedgerClientClient client, EvidenceVerifier verifier, Func<T> verify, TimeSpan deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(verify);
        try
        {
            return verify();
        }
        catch (UnprovenEpochException e)
        {
            await ProveAsync(client, verifier, e.Epoch, deadline, ct).ConfigureAwait(false);
            return verify();
        }
    }

    /// <summary>Asks <paramref name="client"/> for proofs until <paramref name="epoch"/> is proven; throws <see cref="EvidenceException"/> when it cannot be.</summary>
    public static async Task ProveAsync(LedgerClient.LedgerClientClient client, EvidenceVerifier verifier, ulong epoch, TimeSpan deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(verifier);
        for (int call = 0; verifier.Epochs.Highest < epoch; call++)
        {
            ulong from = verifier.Epochs.Highest;
            if (call == MaxCalls)
            {
                throw new UnprovenEpochException(epoch, from, $"evidence (after {MaxCalls} GetEpochProofs calls)");
            }

            GetEpochProofsResponse response;
            try
            {
                response = await client.GetEpochProofsAsync(new GetEpochProofsRequest { FromEpoch = from }, deadline: DateTime.UtcNow + deadline, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                // FAILED_PRECONDITION: a store installed from a snapshot above the ending block; any
                // other failure leaves the epoch just as unproven.
                throw new UnprovenEpochException(epoch, from, $"evidence (the node did not prove it: {e.StatusCode} {e.Status.Detail}; ask another node)");
            }

            if (response.Proofs.Count == 0)
            {
                throw new UnprovenEpochException(epoch, from, $"evidence (the node offers no proof after epoch {from}, its current epoch is {response.CurrentEpoch}; ask another node)");
            }

            foreach (var bytes in response.Proofs)
            {
                EpochChangeProof proof;
                try
                {
                    proof = EpochChangeProof.Decode(bytes.Span);
                }
                catch (FormatException e)
                {
                    throw new EpochProofException(EpochProofFault.Malformed, verifier.Epochs.Highest + 1, e.Message);
                }

                verifier.Epochs.Accept(proof);
            }
        }
    }
}
