namespace Ledger.Client.Transfers;

/// <summary>Timing of the transfer client; <see cref="Validate"/> runs before use.</summary>
public sealed record TransferClientOptions
{
    /// <summary>Deadline of one call to one node.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between two looks at a pending transfer.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>While waiting, how long every node may stay unreachable before the outcome is reported unknown.</summary>
    public TimeSpan UnreachableGiveUp { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for another wallet process holding the journal's lock.</summary>
    public TimeSpan JournalLockWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most history pages read when looking for a request the journal does not hold (each page
    /// scans at most the node's limits.historyScanBlocks blocks, 1,000 by default); a search that
    /// stops before genesis refuses to sign.
    /// </summary>
    public int HistorySearchMaxPages { get; init; } = 1_000;

    public TransferClientOptions Validate()
    {
        if (CallDeadline <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || UnreachableGiveUp < TimeSpan.Zero || JournalLockWait < TimeSpan.Zero || HistorySearchMaxPages < 1)
        {
            throw new ArgumentException("transfer client timings must be positive (give-up and lock wait may be zero), and the history search must read at least one page");
        }

        return this;
    }
}
