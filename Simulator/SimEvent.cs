namespace Ledger.Simulator;

internal enum SimEventKind
{
    Deliver,
    Timer,
    Crash,
    Restart,
}

/// <summary>One scheduled happening in virtual time.</summary>
internal sealed record SimEvent(SimEventKind Kind, int Slot)
{
    /// <summary>A message's kind and canonical bytes.</summary>
    public (byte Kind, byte[] Bytes) Wire { get; init; }

    public int FromSlot { get; init; }

    public ulong Round { get; init; }

    public long Generation { get; init; }
}
