namespace Ledger.Chaos.Faults;

/// <summary>What a link proxy does with the bytes of one directed peer link.</summary>
public enum LinkState
{
    /// <summary>Forwards everything as it comes.</summary>
    Up,

    /// <summary>
    /// Forwards everything, each chunk held for the link's delay first (order kept, both directions).
    /// </summary>
    Delayed,

    /// <summary>
    /// Refuses: open connections are reset and new ones closed at once, so the sender sees the
    /// peer unreachable straight away and what it was sending is lost (a link that rejects).
    /// </summary>
    Down,

    /// <summary>
    /// Swallows: open connections are reset once, then new ones are accepted and their bytes read
    /// and dropped with nothing answered, so calls hang until their deadlines (a partition that
    /// drops packets silently). Healing closes what it swallowed, so senders reconnect at once
    /// rather than after a keep-alive timeout.
    /// </summary>
    Blackhole,
}
