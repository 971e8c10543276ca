using System.Collections.Concurrent;

namespace Ledger.Crypto;

/// <summary>
/// Verifies a batch of Ed25519 signatures on all cores. Each item's verdict depends only on that
/// item and is written to its own slot, so the result is the same whatever the scheduling.
/// </summary>
public static class ParallelVerifier
{
    /// <summary>Below this many items the cost of fanning out exceeds the gain.</summary>
    private const int SequentialThreshold = 16;

    /// <summary>Items per work unit: large enough to amortise scheduling, small enough to balance.</summary>
    private const int ChunkSize = 64;

    /// <summary>result[i] is true exactly when items[i] verifies.</summary>
    public static bool[] Verify(IReadOnlyList<VerificationItem> items, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new bool[items.Count];
        if (items.Count < SequentialThreshold || maxDegreeOfParallelism == 1)
        {
            VerifyRange(items, results, 0, items.Count);
            return results;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.ForEach(Partitioner.Create(0, items.Count, ChunkSize), options,
            range => VerifyRange(items, results, range.Item1, range.Item2));
        return results;
    }

    /// <summary>The indices of the items that do not verify, ascending; empty when all do.</summary>
    public static IReadOnlyList<int> FailedIndices(IReadOnlyList<VerificationItem> items, int maxDegreeOfParallelism = -1)
    {
        bool[] results = Verify(items, maxDegreeOfParallelism);
        var failed = new List<int>();
        for (int i = 0; i < results.Length; i++)
        {
            if (!results[i])
            {
                failed.Add(i);
            }
        }

        return failed;
    }

    private static void VerifyRange(IReadOnlyList<VerificationItem> items, bool[] results, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            VerificationItem item = items[i];
            results[i] = item.Signature is not null && Ed25519.Verify(item.Key, item.Message.Span, item.Signature);
        }
    }
}
