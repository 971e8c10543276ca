namespace Ledger.Transactions;

/// <summary>The first byte of each operation of a <see cref="ValidatorSetChange"/>.</summary>
public enum ValidatorSetOperationKind : byte
{
    AddOrganisation = 1,
    RemoveOrganisation = 2,
    ReplaceConsensusKey = 3,
    ReplaceTlsCertificate = 4,
}
