using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Verification;

/// <summary>
/// BFT block time. A proposer stamps its block with its own clock; an honest replica accepts (and
/// so votes for) a block only when that timestamp lies within <see cref="AheadMs"/> ahead of and
/// <see cref="BehindMs"/> behind its own clock, and its vote carries the clock it judged by. A QC
/// on the block therefore holds at least f + 1 honest clocks that each admitted the timestamp, and
/// the lower median of its signers' clocks lies between two honest ones (at most f of the at least
/// 2f + 1 entries lie), so <c>median - BehindMs &lt;= timestamp &lt;= median + AheadMs</c> holds for
/// every block a quorum certified: <see cref="CheckCertified"/> checks it with the block and its QC
/// alone, which is how a syncing replica or a wallet knows a block's time is one the honest
/// replicas saw, whoever proposed it. Both bounds come from genesis, so every replica and every
/// wallet judge alike.
/// </summary>
public readonly record struct BlockTimeWindow(long AheadMs, long BehindMs)
{
    /// <summary>Throws when a bound is negative.</summary>
    public void Validate()
    {
        if (AheadMs < 0 || BehindMs < 0)
        {
            throw new ArgumentException($"block time bounds must be >= 0, got ahead {AheadMs} and behind {BehindMs}");
        }
    }

    /// <summary>Whether a replica whose clock reads <paramref name="clockMs"/> finds the timestamp timely.</summary>
    public bool Admits(long timestampMs, long clockMs) =>
        timestampMs <= SaturatingAdd(clockMs, AheadMs) && timestampMs >= SaturatingAdd(clockMs, -BehindMs);

    /// <summary>The lower median of the clocks a QC's signers reported (the genesis QC has none: null).</summary>
    public static long? MedianClock(QuorumCertificate qc)
    {
        ArgumentNullException.ThrowIfNull(qc);
        if (qc.Signatures.Count == 0)
        {
            return null;
        }

        long[] clocks = [.. qc.Signatures.Select(s => s.TimeMs)];
        Array.Sort(clocks);
        return clocks[(clocks.Length - 1) / 2];
    }

    /// <summary>null when <paramref name="qc"/> certifies <paramref name="block"/> and the block's timestamp lies within the window around the QC's median clock; else the reason.</summary>
    public string? CheckCertified(Block block, QuorumCertificate qc)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(qc);
        if (qc.BlockId != block.Id)
        {
            return $"the QC certifies {qc.BlockId.ToShortHex()}, not block {block.Id.ToShortHex()}";
        }

        return CheckTimestamp(block.TimestampMs, qc) is { } error ? $"block {block.Id.ToShortHex()} {error}" : null;
    }

    /// <summary>
    /// null when <paramref name="timestampMs"/> lies within the window around <paramref name="qc"/>'s
    /// median signer clock; else the reason. For a timestamp the QC certifies without the block
    /// (the state header's, whose root the QC signs).
    /// </summary>
    public string? CheckTimestamp(long timestampMs, QuorumCertificate qc)
    {
        ArgumentNullException.ThrowIfNull(qc);
        if (MedianClock(qc) is not { } median)
        {
            return "has a QC that carries no signer clocks";
        }

        return Admits(timestampMs, median)
            ? null
            : $"has timestamp {timestampMs}, outside [{median} - {BehindMs}, {median} + {AheadMs}] around its QC's median signer clock";
    }

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : sum;
    }
}
