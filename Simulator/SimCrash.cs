namespace Ledger.Simulator;

/// <summary>
/// An honest slot stops at <see cref="AtMs"/> and restarts from its persisted safety data at
/// <see cref="RestartAtMs"/>; with <see cref="Wipe"/>, its data folder was deleted meanwhile: it
/// restarts without a safety record (<see cref="Consensus.Safety.SafetyData.Lost"/>) but with the
/// chain it had committed (what a snapshot install fetches back from its peers).
/// </summary>
public sealed record SimCrash(int Slot, long AtMs, long RestartAtMs, bool Wipe = false);
