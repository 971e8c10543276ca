using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// What the node hands the ledger as a committed block's certificate (opaque bytes to the
/// ledger): the consensus block's canonical bytes and its commit evidence, each u32-length
/// prefixed, after a version byte. Keeping the consensus block beside the evidence lets any
/// reader recompute the block id the QCs sign without asking the consensus store.
/// </summary>
public sealed record CommitCertificate(byte[] Block, byte[] Evidence)
{
    private const byte Version = 1;

    /// <summary>Upper bound on either part, so a corrupt length cannot allocate gigabytes.</summary>
    public const int MaxPartBytes = 64 * 1024 * 1024;

    public byte[] Encode() =>
        new CanonicalWriter(Block.Length + Evidence.Length + 9).WriteU8(Version).WriteBytes(Block).WriteBytes(Evidence).ToArray();

    /// <summary>Parses; throws <see cref="FormatException"/> on anything malformed.</summary>
    public static CommitCertificate Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var version = reader.ReadU8();
        if (version != Version)
        {
            throw new FormatException($"commit certificate version {version} is not {Version}");
        }

        var block = reader.ReadBytes(MaxPartBytes);
        var evidence = reader.ReadBytes(MaxPartBytes);
        reader.EnsureEnd();
        return new CommitCertificate(block, evidence);
    }
}
