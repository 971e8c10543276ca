using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// A proposed block. Its id is the SHA-256 of its canonical header bytes (see docs/PROTOCOL.md),
/// which bind the chain id, round, height, parent, the round of the QC it extends, the payload hash,
/// the proposer's timestamp and the proposer; the proposer signs the id. The payload is opaque.
/// </summary>
public sealed class Block
{
    private readonly byte[] _payload;

    public Block(string chainId, ulong round, ulong height, Hash32 parentId, QuorumCertificate justify,
        ReadOnlySpan<byte> payload, long timestampMs, int proposer, Signature signature, ulong epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        ArgumentNullException.ThrowIfNull(justify);
        ArgumentNullException.ThrowIfNull(signature);
        Epoch = epoch;
        Round = round;
        Height = height;
        ParentId = parentId;
        Justify = justify;
        _payload = payload.ToArray();
        PayloadHash = Hash32.Sha256(_payload);
        TimestampMs = timestampMs;
        Proposer = proposer;
        Signature = signature;
        Id = ComputeId(chainId, epoch, round, height, parentId, justify.Round, PayloadHash, timestampMs, proposer);
    }

    public Hash32 Id { get; }

    /// <summary>The epoch whose validator set proposes, votes on and certifies this block (0: genesis's).</summary>
    public ulong Epoch { get; }

    public ulong Round { get; }

    public ulong Height { get; }

    public Hash32 ParentId { get; }

    /// <summary>The QC of the parent block.</summary>
    public QuorumCertificate Justify { get; }

    public ReadOnlySpan<byte> Payload => _payload;

    public int PayloadLength => _payload.Length;

    public Hash32 PayloadHash { get; }

    /// <summary>Proposer's clock, Unix milliseconds.</summary>
    public long TimestampMs { get; }

    public int Proposer { get; }

    public Signature Signature { get; }

    public byte[] PayloadToArray() => (byte[])_payload.Clone();

    /// <summary>Builds and signs a block.</summary>
    public static Block Create(string chainId, ulong round, QuorumCertificate justify, ReadOnlySpan<byte> payload,
        long timestampMs, int proposer, SigningKey key, ulong epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(justify);
        ArgumentNullException.ThrowIfNull(key);
        ulong height = checked(justify.Height + 1);
        Hash32 id = ComputeId(chainId, epoch, round, height, justify.BlockId, justify.Round, Hash32.Sha256(payload), timestampMs, proposer);
        Signature signature = key.Sign(ProposalSigningBytes(chainId, id));
        return new Block(chainId, round, height, justify.BlockId, justify, payload, timestampMs, proposer, signature, epoch);
    }

    public static Hash32 ComputeId(string chainId, ulong epoch, ulong round, ulong height, Hash32 parentId, ulong justifyRound,
        Hash32 payloadHash, long timestampMs, int proposer) =>
        CanonicalWriter.ForSigning(DomainTags.BlockHeader, chainId)
            .WriteU64(epoch)
            .WriteU64(round)
            .WriteU64(height)
            .WriteHash(parentId)
            .WriteU64(justifyRound)
            .WriteHash(payloadHash)
            .WriteI64(timestampMs)
            .WriteU32(checked((uint)proposer))
            .Hash();

    /// <summary>What the proposer signs: the proposal tag, the chain id and the block id.</summary>
    public static byte[] ProposalSigningBytes(string chainId, Hash32 blockId) =>
        CanonicalWriter.ForSigning(DomainTags.Proposal, chainId).WriteHash(blockId).ToArray();

    public override string ToString() => $"Block({(Epoch > 0 ? $"e{Epoch} " : "")}r{Round} h{Height} {Id.ToShortHex()} parent {ParentId.ToShortHex()} by {Proposer})";
}
