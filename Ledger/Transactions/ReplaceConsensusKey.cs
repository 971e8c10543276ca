using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>Gives the validator holding <see cref="CurrentKey"/> a new consensus key with its signing certificate (same place in the leader order).</summary>
public sealed record ReplaceConsensusKey : ValidatorSetOperation
{
    public ReplaceConsensusKey(PublicKey currentKey, PublicKey newKey, byte[] signingCertificateDer)
    {
        Check(null!, signingCertificateDer);
        CurrentKey = currentKey;
        NewKey = newKey;
        SigningCertificateDer = signingCertificateDer;
    }

    public PublicKey CurrentKey { get; }

    public PublicKey NewKey { get; }

    public byte[] SigningCertificateDer { get; }

    public override ValidatorSetOperationKind Kind => ValidatorSetOperationKind.ReplaceConsensusKey;

    public override void WriteTo(CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteU8((byte)Kind).WriteKey(CurrentKey).WriteKey(NewKey).WriteBytes(SigningCertificateDer);
    }

    public override string Describe() => $"replace consensus key {CurrentKey.ToHex()} with {NewKey.ToHex()}";
}
