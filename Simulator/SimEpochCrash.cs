namespace Ledger.Simulator;

/// <summary>
/// An honest slot stops the first time it reaches <see cref="Point"/> of change <see cref="Change"/>
/// (0-based: the boundary into epoch <c>Change + 1</c>) and restarts from what it stored
/// <see cref="DownForMs"/> later. Triggered by what the replica does, not by a time, so it lands
/// exactly on the boundary.
/// </summary>
public sealed record SimEpochCrash(int Slot, int Change, EpochCrashPoint Point, long DownForMs);
