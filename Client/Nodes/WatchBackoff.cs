namespace Ledger.Client.Nodes;

/// <summary>
/// How a watch reconnects when every node it follows has failed in a row: it waits
/// <see cref="Initial"/>, then twice as long each round, never more than <see cref="Max"/>, and
/// gives up once no block has been verified for <see cref="GiveUpAfter"/>. With several nodes the
/// next one is tried at once; the wait is between rounds. <see cref="Validate"/> runs before use.
/// </summary>
public sealed record WatchBackoff
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before round <paramref name="round"/> (1 after the first round of failures): Initial * 2^(round-1), at most Max.</summary>
    public TimeSpan DelayBefore(int round)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        var delay = Initial;
        for (var i = 1; i < round && delay < Max; i++)
        {
            delay *= 2;
        }

        return delay < Max ? delay : Max;
    }

    public WatchBackoff Validate()
    {
        if (Initial <= TimeSpan.Zero || Max < Initial || GiveUpAfter < TimeSpan.Zero)
        {
            throw new ArgumentException($"watch backoff: initial ({Initial}) must be positive and at most max ({Max}); give-up ({GiveUpAfter}) must not be negative");
        }

        return this;
    }
}
