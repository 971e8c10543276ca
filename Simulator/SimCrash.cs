namespace Ledger.Simulator;

/// <summary>An honest slot stops at <see cref="AtMs"/> and restarts from its persisted safety data at <see cref="RestartAtMs"/>.</summary>
public sealed record SimCrash(int Slot, long AtMs, long RestartAtMs);
