using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Client.Evidence;

/// <summary>
/// What proves epoch <see cref="Epoch"/>'s validator roster from the roster of the epoch before
/// (docs/PROTOCOL.md, "Epoch-change proofs"): the commit certificate of that epoch's
/// epoch-ending block B without the block (B's QC chain, signed by the old set), B's state header
/// (which must hash to the state root the first QC certifies and name <see cref="Epoch"/>) and the
/// new roster's canonical bytes (which must hash to the header's validators_root). Layout:
/// u64 epoch || bytes certificate || state header (228 bytes) || bytes roster. A list of proofs
/// is u32 count || count x bytes proof, in epoch order. Decoding is strict (FormatException).
/// </summary>
public sealed record EpochChangeProof(ulong Epoch, byte[] Certificate, StateHeader Header, byte[] Roster)
{
    /// <summary>A QC chain without the block: far below this even at 1,024 validators and a long suffix.</summary>
    public const int MaxCertificateBytes = 16 * 1024 * 1024;

    /// <summary>The largest roster <see cref="Epochs.ValidatorRoster"/> admits (names, keys, certificates at their limits).</summary>
    public const int MaxRosterBytes = 26 * 1024 * 1024;

    /// <summary>Most proofs in one encoded list (the wallet's cache, a node's answer is bounded tighter).</summary>
    public const int MaxListCount = 65_536;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(Certificate.Length + Roster.Length + StateHeader.EncodedSize + 24)
            .WriteU64(Epoch).WriteBytes(Certificate);
        Header.WriteTo(writer);
        return writer.WriteBytes(Roster).ToArray();
    }

    /// <summary>Parses one proof; anything malformed or trailing is a <see cref="FormatException"/>.</summary>
    public static EpochChangeProof Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        ulong epoch = reader.ReadU64();
        byte[] certificate = reader.ReadBytes(MaxCertificateBytes);
        StateHeader header = StateHeader.ReadFrom(ref reader);
        byte[] roster = reader.ReadBytes(MaxRosterBytes);
        reader.EnsureEnd();
        return new EpochChangeProof(epoch, certificate, header, roster);
    }

    public static byte[] EncodeList(IReadOnlyList<EpochChangeProof> proofs)
    {
        ArgumentNullException.ThrowIfNull(proofs);
        var writer = new CanonicalWriter().WriteU32((uint)proofs.Count);
        foreach (EpochChangeProof proof in proofs)
        {
            writer.WriteBytes(proof.Encode());
        }

        return writer.ToArray();
    }

    public static IReadOnlyList<EpochChangeProof> DecodeList(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        uint count = reader.ReadU32();
        if (count > MaxListCount)
        {
            throw new FormatException($"an epoch proof list holds at most {MaxListCount} proofs, this one claims {count}");
        }

        var proofs = new List<EpochChangeProof>((int)Math.Min(count, 1024));
        for (uint i = 0; i < count; i++)
        {
            proofs.Add(Decode(reader.ReadBytes(MaxCertificateBytes + MaxRosterBytes + StateHeader.EncodedSize + 16)));
        }

        reader.EnsureEnd();
        return proofs;
    }
}
