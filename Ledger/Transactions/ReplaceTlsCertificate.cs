using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>Gives the validator holding <see cref="ConsensusKey"/> a new TLS certificate.</summary>
public sealed record ReplaceTlsCertificate : ValidatorSetOperation
{
    public ReplaceTlsCertificate(PublicKey consensusKey, byte[] tlsCertificateDer)
    {
        Check(null!, tlsCertificateDer);
        ConsensusKey = consensusKey;
        TlsCertificateDer = tlsCertificateDer;
    }

    public PublicKey ConsensusKey { get; }

    public byte[] TlsCertificateDer { get; }

    public override ValidatorSetOperationKind Kind => ValidatorSetOperationKind.ReplaceTlsCertificate;

    public override void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteU8((byte)Kind).WriteKey(ConsensusKey).WriteBytes(TlsCertificateDer);
    }

    public override string Describe() => $"replace the TLS certificate of validator {ConsensusKey.ToHex()}";
}
