namespace Ledger.Simulator;

internal enum SimEventKind
{
    Deliver,
    Timer,
    Crash,
    Restart,

    /// <summary>The slot's safety record is deleted while it is down (a <see cref="SimCrash.Wipe"/>).</summary>
    Wipe,

    /// <summary>A client transaction reaches the slot.</summary>
    Submit,

    /// <summary>A replica stopped by a <see cref="SimEpochCrash"/> starts again.</summary>
    EpochRestart,

    /// <summary>The slot's link to <see cref="SimEvent.Peer"/> works again (a partition healed, the peer restarted).</summary>
    Reachable,
}

/// <summary>One scheduled happening in virtual time.</summary>
internal sealed record SimEvent(SimEventKind Kind, int Slot)
{
    /// <summary>A message's kind and canonical bytes.</summary>
    public (byte Kind, byte[] Bytes) Wire { get; init; }

    public int FromSlot { get; init; }

    public ulong Round { get; init; }

    public long Generation { get; init; }

    /// <summary>A <see cref="SimEventKind.Submit"/> event's transaction.</summary>
    public int Transaction { get; init; }

    /// <summary>A <see cref="SimEventKind.Reachable"/> event's validator.</summary>
    public int Peer { get; init; }
}
