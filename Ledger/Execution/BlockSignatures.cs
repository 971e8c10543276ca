using System.Collections.Concurrent;
using Ledger.Transactions;

namespace Ledger.Execution;

/// <summary>
/// Checks the signatures of a block's transactions that this replica has not verified yet, on
/// all cores. A replica sees most of a proposal's transactions for the first time in the
/// proposal (each client submits to one node), so at 52 us a check a block of 10,000 would
/// otherwise hold the replica's single consensus thread for half a second. The answer does not
/// depend on scheduling: every pending signature is checked and the lowest failing index wins.
/// </summary>
internal static class BlockSignatures
{
    /// <summary>Below this many signatures, fanning out costs more than it saves.</summary>
    private const int SequentialThreshold = 32;

    /// <summary>Signatures per work unit: enough to amortise scheduling, few enough to balance.</summary>
    private const int ChunkSize = 64;

    /// <summary>
    /// The lowest index in <paramref name="pending"/> (ascending indices into
    /// <paramref name="transactions"/>) whose signature does not verify, or -1 when all do.
    /// </summary>
    public static int FirstInvalid(IReadOnlyList<Transaction> transactions, IReadOnlyList<int> pending)
    {
        if (pending.Count < SequentialThreshold)
        {
            for (int p = 0; p < pending.Count; p++)
            {
                if (!transactions[pending[p]].VerifySignature())
                {
                    return pending[p];
                }
            }

            return -1;
        }

        var valid = new bool[pending.Count];
        Parallel.ForEach(Partitioner.Create(0, pending.Count, ChunkSize), range =>
        {
            for (int p = range.Item1; p < range.Item2; p++)
            {
                valid[p] = transactions[pending[p]].VerifySignature();
            }
        });
        int first = Array.IndexOf(valid, false);
        return first < 0 ? -1 : pending[first];
    }
}
