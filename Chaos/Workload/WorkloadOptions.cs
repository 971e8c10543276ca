namespace Ledger.Chaos.Workload;

/// <summary>How the bank workload behaves; bounded so a run's memory and load stay bounded.</summary>
public sealed record WorkloadOptions
{
    /// <summary>Largest ordinary transfer (amounts are 1..this).</summary>
    public ulong MaxAmount { get; init; } = 500;

    /// <summary>One transfer in this many asks for more than the whole supply: it must never move money.</summary>
    public int OverdrawEvery { get; init; } = 20;

    /// <summary>How long a teller waits for one transfer's outcome before moving on (it may still commit).</summary>
    public TimeSpan WaitLimit { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Deadline of one call to one node (short: a paused node holds a call until it passes).</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Transfers one teller signs at most (a run's history stays bounded).</summary>
    public int MaxTransfersPerTeller { get; init; } = 10_000;

    /// <summary>Parallel submitters of pre-signed transfers when a scenario fills blocks.</summary>
    public int BurstSenders { get; init; } = 4;

    /// <summary>Pre-signed transfers a burst sends at most.</summary>
    public int MaxBurstTransfers { get; init; } = 60_000;
}
