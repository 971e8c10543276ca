using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Client.Evidence;

/// <summary>
/// What the node hands the ledger as a committed block's certificate (opaque bytes to the
/// ledger), and what a wallet checks: the consensus block's canonical bytes, then the commit
/// evidence, a chain of QCs (the block's own QC, each next one certifying a child of the
/// previous, the last two in consecutive rounds). Layout: u8 version 1, u32-length block bytes,
/// u32 count, then each QC's canonical bytes u32-length prefixed. A balance's and a transfer's
/// evidence leave the block out (zero block bytes): the QC chain alone proves the block id, height
/// and state root, and the state root commits the block's transaction and receipts roots, which is
/// all a state or transaction proof needs; only GetBlock answers carry the block.
/// </summary>
public sealed record CommitCertificate(byte[] Block, IReadOnlyList<byte[]> QcChain)
{
    private const byte Version = 1;

    /// <summary>Upper bound on the block part, so a corrupt length cannot allocate gigabytes.</summary>
    public const int MaxBlockBytes = ConsensusCodec.MaxPayloadBytes + 64 * 1024;

    public const int MaxQcBytes = 256 * 1024;

    public const int MaxChainLength = 1024;

    public static CommitCertificate From(Block block, IEnumerable<QuorumCertificate> chain) =>
        new(ConsensusCodec.Encode(block), chain.Select(ConsensusCodec.Encode).ToList());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(Block.Length + 1024).WriteU8(Version).WriteBytes(Block).WriteU32((uint)QcChain.Count);
        foreach (var qc in QcChain)
        {
            writer.WriteBytes(qc);
        }

        return writer.ToArray();
    }

    /// <summary>Parses; throws <see cref="FormatException"/> on anything malformed.</summary>
    public static CommitCertificate Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != Version)
        {
            throw new FormatException($"commit certificate version {version} is not {Version}");
        }

        var block = reader.ReadBytes(MaxBlockBytes);
        var count = reader.ReadU32();
        if (count is 0 or > MaxChainLength)
        {
            throw new FormatException($"commit certificate holds {count} QCs; expected 1..{MaxChainLength}");
        }

        var chain = new List<byte[]>((int)count);
        for (var i = 0; i < count; i++)
        {
            chain.Add(reader.ReadBytes(MaxQcBytes));
        }

        reader.EnsureEnd();
        return new CommitCertificate(block, chain);
    }

    /// <summary>False for evidence that leaves the block out (<see cref="WithoutBlock"/>).</summary>
    public bool HasBlock => Block.Length > 0;

    /// <summary>The same QC chain without the block: what a balance's or a transfer's evidence needs.</summary>
    public CommitCertificate WithoutBlock() => this with { Block = [] };

    public Block DecodeBlock(string chainId) =>
        HasBlock ? ConsensusCodec.DecodeBlock(Block, chainId) : throw new FormatException("the commit certificate leaves the block out");

    public IReadOnlyList<QuorumCertificate> DecodeChain() => QcChain.Select(q => ConsensusCodec.DecodeQc(q)).ToList();
}
