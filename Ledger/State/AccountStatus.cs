namespace Ledger.State;

/// <summary>Whether an enrolled account may still send and receive.</summary>
public enum AccountStatus : byte
{
    Active = 1,
    Revoked = 2,
}
