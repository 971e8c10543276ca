namespace Ledger.Simulator;

/// <summary>How a Byzantine validator answers a replica recovering its lost safety record (<see cref="SimScenario.RecoveryLies"/>).</summary>
public enum SimRecoveryLie
{
    /// <summary>Claims an enormous highest signed round (the recovering replica caps it at its certificate plus one).</summary>
    High,

    /// <summary>Claims it never signed anything.</summary>
    Low,

    /// <summary>Never answers.</summary>
    Silent,
}
