namespace Ledger.Transactions;

/// <summary>The first byte of every encoded transaction.</summary>
public enum TransactionKind : byte
{
    Transfer = 1,
    Enroll = 2,
    Revoke = 3,
    ValidatorSetChange = 4,
}
