using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;

namespace Ledger.Consensus.Codec;

/// <summary>
/// Canonical wire bytes of every consensus message (layouts in docs/PROTOCOL.md, "Consensus").
/// Big-endian fixed-width integers, u32-length-prefixed payloads, u8 presence flags. Decoding is
/// strict: any truncation, oversize count, bad flag or trailing byte is a <see cref="FormatException"/>.
/// A block's id is recomputed from its fields and the chain id, never read from the wire.
/// </summary>
public static class ConsensusCodec
{
    /// <summary>Hard cap on a payload on the wire; the core applies its own, smaller, parameter.</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    /// <summary>Most blocks a sync response may carry on the wire.</summary>
    public const int MaxSyncBlocks = 256;

    public static byte[] Encode(QuorumCertificate qc) => Write(w => WriteQc(w, qc));

    public static byte[] Encode(TimeoutCertificate tc) => Write(w => WriteTc(w, tc));

    public static byte[] Encode(Vote vote) => Write(w =>
    {
        WriteVoteData(w, vote.Data);
        w.WriteU32(checked((uint)vote.Voter)).WriteI64(vote.TimeMs).WriteFixed(vote.Signature.Span);
    });

    public static byte[] Encode(RoundTimeout timeout) => Write(w => WriteTimeout(w, timeout));

    public static byte[] Encode(Block block) => Write(w => WriteBlock(w, block));

    public static byte[] Encode(Proposal proposal) => Write(w =>
    {
        WriteBlock(w, proposal.Block);
        WriteOptionalTc(w, proposal.LastRoundTc);
    });

    public static byte[] Encode(SyncRequest request) => Write(w => w.WriteHash(request.TargetBlockId).WriteU64(request.AboveHeight));

    public static byte[] Encode(SyncResponse response) => Write(w =>
    {
        w.WriteU32(checked((uint)response.Blocks.Count));
        foreach (Block block in response.Blocks)
        {
            WriteBlock(w, block);
        }

        w.WriteBool(response.TipQc is not null);
        if (response.TipQc is not null)
        {
            WriteQc(w, response.TipQc);
        }
    });

    public static byte[] Encode(SafetyData data) => Write(w =>
    {
        w.WriteU64(data.HighestVotedRound).WriteU64(data.HighestQcRound);
        w.WriteBool(data.LastVote is not null);
        if (data.LastVote is not null)
        {
            w.WriteBytes(Encode(data.LastVote));
        }

        w.WriteBool(data.LastTimeout is not null);
        if (data.LastTimeout is not null)
        {
            WriteTimeout(w, data.LastTimeout);
        }

        w.WriteBool(data.HighQc is not null);
        if (data.HighQc is not null)
        {
            WriteQc(w, data.HighQc);
        }

        WriteOptionalTc(w, data.HighTc);
    });

    public static byte[] Encode(EquivocationEvidence evidence) => Write(w =>
    {
        w.WriteU8((byte)evidence.Kind).WriteU32(checked((uint)evidence.Offender)).WriteU64(evidence.Round);
        w.WriteBytes(EncodeEvidenceMessage(evidence.Kind, evidence.First));
        w.WriteBytes(EncodeEvidenceMessage(evidence.Kind, evidence.Second));
    });

    public static QuorumCertificate DecodeQc(ReadOnlySpan<byte> bytes) => Read(bytes, (ref CanonicalReader r) => ReadQc(ref r));

    public static TimeoutCertificate DecodeTc(ReadOnlySpan<byte> bytes) => Read(bytes, (ref CanonicalReader r) => ReadTc(ref r));

    public static Vote DecodeVote(ReadOnlySpan<byte> bytes) => Read(bytes, (ref CanonicalReader r) => ReadVote(ref r));

    public static RoundTimeout DecodeTimeout(ReadOnlySpan<byte> bytes) => Read(bytes, (ref CanonicalReader r) => ReadTimeout(ref r));

    public static Block DecodeBlock(ReadOnlySpan<byte> bytes, string chainId) => Read(bytes, (ref CanonicalReader r) => ReadBlock(ref r, chainId));

    public static Proposal DecodeProposal(ReadOnlySpan<byte> bytes, string chainId) => Read(bytes, (ref CanonicalReader r) =>
    {
        Block block = ReadBlock(ref r, chainId);
        return new Proposal(block, ReadOptionalTc(ref r));
    });

    public static SyncRequest DecodeSyncRequest(ReadOnlySpan<byte> bytes) =>
        Read(bytes, (ref CanonicalReader r) => new SyncRequest(r.ReadHash(), r.ReadU64()));

    public static SyncResponse DecodeSyncResponse(ReadOnlySpan<byte> bytes, string chainId) => Read(bytes, (ref CanonicalReader r) =>
    {
        int count = ReadCount(ref r, MaxSyncBlocks, "sync blocks");
        var blocks = new Block[count];
        for (int i = 0; i < count; i++)
        {
            blocks[i] = ReadBlock(ref r, chainId);
        }

        QuorumCertificate? tip = r.ReadBool() ? ReadQc(ref r) : null;
        return new SyncResponse(blocks, tip);
    });

    public static SafetyData DecodeSafetyData(ReadOnlySpan<byte> bytes) => Read(bytes, (ref CanonicalReader r) =>
    {
        ulong voted = r.ReadU64();
        ulong qcRound = r.ReadU64();
        Vote? vote = r.ReadBool() ? DecodeVote(r.ReadBytes(MaxVoteBytes)) : null;
        RoundTimeout? timeout = r.ReadBool() ? ReadTimeout(ref r) : null;
        QuorumCertificate? highQc = r.ReadBool() ? ReadQc(ref r) : null;
        TimeoutCertificate? highTc = ReadOptionalTc(ref r);
        return new SafetyData(voted, qcRound, vote, timeout, highQc, highTc);
    });

    public static EquivocationEvidence DecodeEvidence(ReadOnlySpan<byte> bytes, string chainId) => Read(bytes, (ref CanonicalReader r) =>
    {
        byte kindByte = r.ReadU8();
        if (!Enum.IsDefined((EquivocationKind)kindByte))
        {
            throw new FormatException($"unknown equivocation kind {kindByte}");
        }

        var kind = (EquivocationKind)kindByte;
        int offender = ReadIndex(ref r);
        ulong round = r.ReadU64();
        SignedMessage first = DecodeEvidenceMessage(kind, r.ReadBytes(MaxPayloadBytes + (64 * 1024)), chainId);
        SignedMessage second = DecodeEvidenceMessage(kind, r.ReadBytes(MaxPayloadBytes + (64 * 1024)), chainId);
        return new EquivocationEvidence(kind, offender, round, first, second);
    });

    private const int MaxVoteBytes = 256;

    private delegate T Reader<T>(ref CanonicalReader reader);

    private static byte[] Write(Action<CanonicalWriter> body)
    {
        var writer = new CanonicalWriter();
        body(writer);
        return writer.ToArray();
    }

    private static T Read<T>(ReadOnlySpan<byte> bytes, Reader<T> body)
    {
        var reader = new CanonicalReader(bytes);
        T value;
        try
        {
            value = body(ref reader);
        }
        catch (ArgumentException e)
        {
            // A constructor refused a decoded value (for example an overflowing height).
            throw new FormatException(e.Message, e);
        }
        catch (OverflowException e)
        {
            throw new FormatException(e.Message, e);
        }

        reader.EnsureEnd();
        return value;
    }

    private static void WriteVoteData(CanonicalWriter w, VoteData d) =>
        w.WriteHash(d.BlockId).WriteU64(d.Round).WriteU64(d.Height).WriteHash(d.ParentId).WriteU64(d.ParentRound).WriteHash(d.StateRoot);

    private static VoteData ReadVoteData(ref CanonicalReader r) =>
        new(r.ReadHash(), r.ReadU64(), r.ReadU64(), r.ReadHash(), r.ReadU64(), r.ReadHash());

    private static void WriteQc(CanonicalWriter w, QuorumCertificate qc)
    {
        WriteVoteData(w, qc.Data);
        w.WriteU32(checked((uint)qc.Signatures.Count));
        foreach (SignerSignature s in qc.Signatures)
        {
            w.WriteU32(checked((uint)s.Signer)).WriteI64(s.TimeMs).WriteFixed(s.Signature.Span);
        }
    }

    private static QuorumCertificate ReadQc(ref CanonicalReader r)
    {
        VoteData data = ReadVoteData(ref r);
        int count = ReadCount(ref r, ValidatorSet.MaxValidators, "QC signatures");
        var signatures = new SignerSignature[count];
        for (int i = 0; i < count; i++)
        {
            signatures[i] = new SignerSignature(ReadIndex(ref r), r.ReadI64(), new Signature(r.ReadFixed(Signature.Size)));
        }

        return new QuorumCertificate(data, signatures);
    }

    private static void WriteTc(CanonicalWriter w, TimeoutCertificate tc)
    {
        w.WriteU64(tc.Round).WriteU32(checked((uint)tc.Signatures.Count));
        foreach (TimeoutSignature s in tc.Signatures)
        {
            w.WriteU32(checked((uint)s.Signer)).WriteU64(s.HighQcRound).WriteFixed(s.Signature.Span);
        }
    }

    private static TimeoutCertificate ReadTc(ref CanonicalReader r)
    {
        ulong round = r.ReadU64();
        int count = ReadCount(ref r, ValidatorSet.MaxValidators, "TC signatures");
        var signatures = new TimeoutSignature[count];
        for (int i = 0; i < count; i++)
        {
            signatures[i] = new TimeoutSignature(ReadIndex(ref r), r.ReadU64(), new Signature(r.ReadFixed(Signature.Size)));
        }

        return new TimeoutCertificate(round, signatures);
    }

    private static void WriteOptionalTc(CanonicalWriter w, TimeoutCertificate? tc)
    {
        w.WriteBool(tc is not null);
        if (tc is not null)
        {
            WriteTc(w, tc);
        }
    }

    private static TimeoutCertificate? ReadOptionalTc(ref CanonicalReader r) => r.ReadBool() ? ReadTc(ref r) : null;

    private static Vote ReadVote(ref CanonicalReader r)
    {
        VoteData data = ReadVoteData(ref r);
        return new Vote(data, ReadIndex(ref r), r.ReadI64(), new Signature(r.ReadFixed(Signature.Size)));
    }

    private static void WriteTimeout(CanonicalWriter w, RoundTimeout t)
    {
        w.WriteU64(t.Round);
        WriteQc(w, t.HighQc);
        WriteOptionalTc(w, t.HighTc);
        w.WriteU32(checked((uint)t.Signer)).WriteFixed(t.Signature.Span);
    }

    private static RoundTimeout ReadTimeout(ref CanonicalReader r)
    {
        ulong round = r.ReadU64();
        QuorumCertificate qc = ReadQc(ref r);
        TimeoutCertificate? tc = ReadOptionalTc(ref r);
        return new RoundTimeout(round, qc, tc, ReadIndex(ref r), new Signature(r.ReadFixed(Signature.Size)));
    }

    private static void WriteBlock(CanonicalWriter w, Block b)
    {
        w.WriteU64(b.Round).WriteU64(b.Height).WriteHash(b.ParentId);
        WriteQc(w, b.Justify);
        w.WriteBytes(b.Payload).WriteI64(b.TimestampMs).WriteU32(checked((uint)b.Proposer)).WriteFixed(b.Signature.Span);
    }

    private static Block ReadBlock(ref CanonicalReader r, string chainId)
    {
        ulong round = r.ReadU64();
        ulong height = r.ReadU64();
        Hash32 parent = r.ReadHash();
        QuorumCertificate justify = ReadQc(ref r);
        byte[] payload = r.ReadBytes(MaxPayloadBytes);
        long timestamp = r.ReadI64();
        int proposer = ReadIndex(ref r);
        var signature = new Signature(r.ReadFixed(Signature.Size));
        return new Block(chainId, round, height, parent, justify, payload, timestamp, proposer, signature);
    }

    private static int ReadCount(ref CanonicalReader r, int max, string what)
    {
        uint count = r.ReadU32();
        if (count > (uint)max)
        {
            throw new FormatException($"{count} {what} exceed the limit of {max}");
        }

        return (int)count;
    }

    private static int ReadIndex(ref CanonicalReader r)
    {
        uint index = r.ReadU32();
        if (index >= ValidatorSet.MaxValidators)
        {
            throw new FormatException($"validator index {index} exceeds {ValidatorSet.MaxValidators - 1}");
        }

        return (int)index;
    }

    private static byte[] EncodeEvidenceMessage(EquivocationKind kind, SignedMessage message) => (kind, message) switch
    {
        (EquivocationKind.Proposal, Proposal p) => Encode(p),
        (EquivocationKind.Vote, Vote v) => Encode(v),
        (EquivocationKind.Timeout, RoundTimeout t) => Encode(t),
        _ => throw new ArgumentException($"evidence of kind {kind} holds a {message.GetType().Name}"),
    };

    private static SignedMessage DecodeEvidenceMessage(EquivocationKind kind, byte[] bytes, string chainId) => kind switch
    {
        EquivocationKind.Proposal => DecodeProposal(bytes, chainId),
        EquivocationKind.Vote => DecodeVote(bytes),
        _ => DecodeTimeout(bytes),
    };
}
