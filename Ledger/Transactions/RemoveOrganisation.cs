using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>Removes an organisation and every validator of it.</summary>
public sealed record RemoveOrganisation : ValidatorSetOperation
{
    public RemoveOrganisation(string organisation)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        Check(organisation);
        Organisation = organisation;
    }

    public string Organisation { get; }

    public override ValidatorSetOperationKind Kind => ValidatorSetOperationKind.RemoveOrganisation;

    public override void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteU8((byte)Kind).WriteString(Organisation);
    }

    public override string Describe() => $"remove organisation '{Organisation}' and its validators";
}
