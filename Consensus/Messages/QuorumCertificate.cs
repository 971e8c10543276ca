using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// A quorum of votes on one <see cref="VoteData"/>: signatures sorted by signer index, no signer
/// twice. The genesis QC (round 0) has no signatures and is valid only as the chain's fixed genesis
/// certificate.
/// </summary>
public sealed record QuorumCertificate(VoteData Data, IReadOnlyList<SignerSignature> Signatures)
{
    public Hash32 BlockId => Data.BlockId;

    public ulong Round => Data.Round;

    public ulong Height => Data.Height;

    public bool IsGenesis => Data.Round == 0;

    /// <summary>The certificate of the genesis block, which needs no signatures.</summary>
    public static QuorumCertificate Genesis(string chainId, Hash32 genesisStateRoot) =>
        new(new VoteData(GenesisBlockId(chainId, genesisStateRoot), 0, 0, Hash32.Zero, 0, genesisStateRoot), []);

    /// <summary>
    /// The starting certificate of epoch <paramref name="epoch"/> (> 0): round 0, naming the committed
    /// epoch-ending block of the epoch before (its id, height and state root), no signatures. The
    /// first block of the epoch extends it; it is valid only exactly so (docs/PROTOCOL.md, "Epochs").
    /// </summary>
    public static QuorumCertificate EpochGenesis(ulong epoch, Hash32 endBlockId, ulong endHeight, Hash32 endStateRoot) =>
        new(new VoteData(endBlockId, 0, endHeight, Hash32.Zero, 0, endStateRoot, epoch), []);

    /// <summary>The genesis block's id: bound to the chain id and the genesis state root.</summary>
    public static Hash32 GenesisBlockId(string chainId, Hash32 genesisStateRoot) =>
        CanonicalWriter.ForSigning(DomainTags.BlockHeader, chainId).WriteString("genesis").WriteHash(genesisStateRoot).Hash();

    /// <summary>Same certified data and the same signer set with the same signatures.</summary>
    public bool SameAs(QuorumCertificate other) =>
        Data == other.Data && Signatures.SequenceEqual(other.Signatures);
}
