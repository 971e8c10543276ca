namespace Ledger.Consensus.Verification;

/// <summary>Evidence that does not hold up: the fault, and which statement or field shows it.</summary>
public sealed record EquivocationRejection(EquivocationFault Fault, string Detail)
{
    public override string ToString() => $"{Fault}: {Detail}";
}
