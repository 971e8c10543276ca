using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>Adds an organisation with its root CA and its validator (appended to the leader order).</summary>
public sealed record AddOrganisation : ValidatorSetOperation
{
    public AddOrganisation(string organisation, byte[] caCertificateDer, PublicKey consensusKey, byte[] signingCertificateDer, byte[] tlsCertificateDer)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        Check(organisation, caCertificateDer, signingCertificateDer, tlsCertificateDer);
        Organisation = organisation;
        CaCertificateDer = caCertificateDer;
        ConsensusKey = consensusKey;
        SigningCertificateDer = signingCertificateDer;
        TlsCertificateDer = tlsCertificateDer;
    }

    public string Organisation { get; }

    public byte[] CaCertificateDer { get; }

    public PublicKey ConsensusKey { get; }

    public byte[] SigningCertificateDer { get; }

    public byte[] TlsCertificateDer { get; }

    public override ValidatorSetOperationKind Kind => ValidatorSetOperationKind.AddOrganisation;

    public override void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteU8((byte)Kind).WriteString(Organisation).WriteBytes(CaCertificateDer).WriteKey(ConsensusKey)
            .WriteBytes(SigningCertificateDer).WriteBytes(TlsCertificateDer);
    }

    public override string Describe() => $"add organisation '{Organisation}' with validator {ConsensusKey.ToHex()}";
}
