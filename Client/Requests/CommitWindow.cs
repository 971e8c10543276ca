using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Client.Requests;

/// <summary>
/// When a signed transfer can commit, from the ledger's rules alone: a block at time T accepts it
/// only if T - replayWindowMs &lt;= timestamp &lt;= T + maxClockSkewMs, and block timestamps never
/// decrease. So once a certified block's timestamp is past <see cref="DeadlineMs"/>, no later
/// block can include it: its outcome is final. Judged on certified block time, never on the
/// wallet's clock, which may be wrong.
/// </summary>
public sealed record CommitWindow(long EarliestMs, long DeadlineMs)
{
    public static CommitWindow For(Transfer transfer, LedgerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(parameters);
        return new CommitWindow(
            SaturatingAdd(transfer.TimestampMs, -parameters.MaxClockSkewMs),
            SaturatingAdd(transfer.TimestampMs, parameters.ReplayWindowMs));
    }

    /// <summary>True when a certified block at <paramref name="certifiedTimestampMs"/> proves the transfer can no longer commit after it.</summary>
    public bool HasPassed(long certifiedTimestampMs) => certifiedTimestampMs > DeadlineMs;

    public DateTimeOffset Deadline => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(DeadlineMs, -62135596800000L, 253402300799999L));

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b > 0 ? long.MaxValue : long.MinValue) : sum;
    }
}
