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

    /// <summary>Bytes of a QC's encoding: vote data, the count, then (signer, signature) per entry.</summary>
    public static int EncodedLength(QuorumCertificate qc)
    {
        ArgumentNullException.ThrowIfNull(qc);
        return QcFixedBytes + (qc.Signatures.Count * QcEntryBytes);
    }

    /// <summary>Bytes of a block's encoding, computed from its fields without encoding it.</summary>
    public static long EncodedLength(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return BlockFixedBytes + EncodedLength(block.Justify) + (long)block.PayloadLength;
    }

    /// <summary>The largest QC encoding: one entry per possible validator.</summary>
    public static int MaxQcLength => QcFixedBytes + (ValidatorSet.MaxValidators * QcEntryBytes);

    /// <summary>The largest encoding of a block whose payload is at most <paramref name="maxPayloadBytes"/>.</summary>
    public static long MaxBlockLength(int maxPayloadBytes) => BlockFixedBytes + MaxQcLength + (long)maxPayloadBytes;

    /// <summary>
    /// What a sync response adds around its blocks: the count, the tip flag, the largest tip QC and
    /// the epoch-end QC count (the epoch-end QCs themselves, present only in an answer ending at an
    /// epoch-ending block, are counted by the responder against the blocks' share of the limit).
    /// </summary>
    public static int SyncResponseOverhead => 4 + 1 + MaxQcLength + 4;

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

        w.WriteU32(checked((uint)response.EpochEndQcs.Count));
        foreach (QuorumCertificate qc in response.EpochEndQcs)
        {
            WriteQc(w, qc);
        }
    });

    public static byte[] Encode(SafetyData data) => Write(w =>
    {
        w.WriteU64(data.Epoch).WriteU64(data.HighestVotedRound).WriteU64(data.HighestQcRound);
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

        // Safety record format 3: the recovery state after the format-2 fields.
        w.WriteBool(data.Abstaining);
        w.WriteBool(data.Floor is not null);
        if (data.Floor is not null)
        {
            w.WriteU64(data.Floor.Epoch).WriteU64(data.Floor.Round);
        }

        // Safety record format 4: the highest round this replica may have proposed in.
        w.WriteU64(data.HighestProposedRound);
    });

    public static byte[] Encode(SignedRound answer) => Write(w =>
    {
        w.WriteU64(answer.Epoch).WriteU64(answer.HighestSignedRound).WriteU32(checked((uint)answer.Signer));
        WriteQc(w, answer.HighQc);
        WriteOptionalTc(w, answer.HighTc);
        w.WriteFixed(answer.Signature.Span);
    });

    /// <summary>
    /// Kind, offender, round, then the two statements, each exactly what its signature covers
    /// plus the signature, at a fixed size per kind (172, 204 or 92 bytes).
    /// </summary>
    public static byte[] Encode(EquivocationEvidence evidence) => Write(w =>
    {
        w.WriteU8((byte)evidence.Kind).WriteU32(checked((uint)evidence.Offender)).WriteU64(evidence.Round);
        WriteStatement(w, evidence.Kind, evidence.First);
        WriteStatement(w, evidence.Kind, evidence.Second);
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
        int endCount = ReadCount(ref r, SyncResponse.MaxEpochEndQcs, "epoch-end QCs");
        var epochEnd = new QuorumCertificate[endCount];
        for (int i = 0; i < endCount; i++)
        {
            epochEnd[i] = ReadQc(ref r);
        }

        return new SyncResponse(blocks, tip) { EpochEndQcs = epochEnd };
    });

    /// <summary>The current encoding (safety record format 4: the recovery state and the highest proposed round).</summary>
    public static SafetyData DecodeSafetyData(ReadOnlySpan<byte> bytes) => DecodeSafetyData(bytes, CurrentSafetyRecordFormat);

    /// <summary>
    /// <paramref name="withRecovery"/> false: the format-2 encoding (no recovery state), which a
    /// record written before the recovery floor holds; it is read as a record that never abstained.
    /// True: the format-3 encoding (no proposed round).
    /// </summary>
    public static SafetyData DecodeSafetyData(ReadOnlySpan<byte> bytes, bool withRecovery) => DecodeSafetyData(bytes, withRecovery ? 3 : 2);

    /// <summary>The safety record format whose data <see cref="Encode(SafetyData)"/> writes.</summary>
    public const int CurrentSafetyRecordFormat = 4;

    /// <summary>
    /// The data of safety record format <paramref name="format"/> (1 and 2: no recovery state, read
    /// as a record that never abstained; 1 to 3: no proposed round, read as the round after the
    /// highest voted one, the round a leader that voted and then crashed most likely proposed in
    /// (docs/PROTOCOL.md "Safety record file"); 4: the current encoding).
    /// </summary>
    public static SafetyData DecodeSafetyData(ReadOnlySpan<byte> bytes, int format) => Read(bytes, (ref CanonicalReader r) =>
    {
        if (format is < 1 or > CurrentSafetyRecordFormat)
        {
            throw new FormatException($"safety record format {format} is not one this build reads (1..{CurrentSafetyRecordFormat})");
        }

        bool withRecovery = format >= 3;
        ulong epoch = r.ReadU64();
        ulong voted = r.ReadU64();
        ulong qcRound = r.ReadU64();
        Vote? vote = r.ReadBool() ? DecodeVote(r.ReadBytes(MaxVoteBytes)) : null;
        RoundTimeout? timeout = r.ReadBool() ? ReadTimeout(ref r) : null;
        QuorumCertificate? highQc = r.ReadBool() ? ReadQc(ref r) : null;
        TimeoutCertificate? highTc = ReadOptionalTc(ref r);
        bool abstaining = withRecovery && r.ReadBool();
        SigningFloor? floor = withRecovery && r.ReadBool() ? new SigningFloor(r.ReadU64(), r.ReadU64()) : null;
        ulong proposed = format >= 4 ? r.ReadU64() : voted + 1;
        return new SafetyData(voted, qcRound, vote, timeout, highQc, highTc, epoch, abstaining, floor, proposed);
    });

    public static SignedRound DecodeSignedRound(ReadOnlySpan<byte> bytes) => Read(bytes, (ref CanonicalReader r) =>
    {
        ulong epoch = r.ReadU64();
        ulong round = r.ReadU64();
        int signer = ReadIndex(ref r);
        QuorumCertificate highQc = ReadQc(ref r);
        TimeoutCertificate? highTc = ReadOptionalTc(ref r);
        return new SignedRound(epoch, round, signer, highQc, highTc, new Signature(r.ReadFixed(Signature.Size)));
    });

    public static EquivocationEvidence DecodeEvidence(ReadOnlySpan<byte> bytes) => Read(bytes, (ref CanonicalReader r) =>
    {
        byte kindByte = r.ReadU8();
        if (!Enum.IsDefined((EquivocationKind)kindByte))
        {
            throw new FormatException($"unknown equivocation kind {kindByte}");
        }

        var kind = (EquivocationKind)kindByte;
        int offender = ReadIndex(ref r);
        ulong round = r.ReadU64();
        SignedMessage first = ReadStatement(ref r, kind);
        SignedMessage second = ReadStatement(ref r, kind);
        return new EquivocationEvidence(kind, offender, round, first, second);
    });

    private const int MaxVoteBytes = 256;

    // VoteData (128) and the u32 count; each entry is a u32 signer, its i64 clock and a 64-byte signature.
    private const int QcFixedBytes = 128 + 4;
    private const int QcEntryBytes = 4 + 8 + Signature.Size;

    // epoch, round, height, parent id, payload length prefix, timestamp, proposer, signature.
    private const int BlockFixedBytes = 8 + 8 + 8 + Hash32.Size + 4 + 8 + 4 + Signature.Size;

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
        w.WriteU64(d.Epoch).WriteHash(d.BlockId).WriteU64(d.Round).WriteU64(d.Height).WriteHash(d.ParentId).WriteU64(d.ParentRound).WriteHash(d.StateRoot);

    private static VoteData ReadVoteData(ref CanonicalReader r)
    {
        ulong epoch = r.ReadU64();
        return new(r.ReadHash(), r.ReadU64(), r.ReadU64(), r.ReadHash(), r.ReadU64(), r.ReadHash(), epoch);
    }

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
        w.WriteU64(tc.Epoch).WriteU64(tc.Round).WriteU32(checked((uint)tc.Signatures.Count));
        foreach (TimeoutSignature s in tc.Signatures)
        {
            w.WriteU32(checked((uint)s.Signer)).WriteU64(s.HighQcRound).WriteFixed(s.Signature.Span);
        }
    }

    private static TimeoutCertificate ReadTc(ref CanonicalReader r)
    {
        ulong epoch = r.ReadU64();
        ulong round = r.ReadU64();
        int count = ReadCount(ref r, ValidatorSet.MaxValidators, "TC signatures");
        var signatures = new TimeoutSignature[count];
        for (int i = 0; i < count; i++)
        {
            signatures[i] = new TimeoutSignature(ReadIndex(ref r), r.ReadU64(), new Signature(r.ReadFixed(Signature.Size)));
        }

        return new TimeoutCertificate(round, signatures, epoch);
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
        w.WriteU64(t.Epoch).WriteU64(t.Round);
        WriteQc(w, t.HighQc);
        WriteOptionalTc(w, t.HighTc);
        w.WriteU32(checked((uint)t.Signer)).WriteFixed(t.Signature.Span);
    }

    private static RoundTimeout ReadTimeout(ref CanonicalReader r)
    {
        ulong epoch = r.ReadU64();
        ulong round = r.ReadU64();
        QuorumCertificate qc = ReadQc(ref r);
        TimeoutCertificate? tc = ReadOptionalTc(ref r);
        return new RoundTimeout(round, qc, tc, ReadIndex(ref r), new Signature(r.ReadFixed(Signature.Size)), epoch);
    }

    private static void WriteBlock(CanonicalWriter w, Block b)
    {
        w.WriteU64(b.Epoch).WriteU64(b.Round).WriteU64(b.Height).WriteHash(b.ParentId);
        WriteQc(w, b.Justify);
        w.WriteBytes(b.Payload).WriteI64(b.TimestampMs).WriteU32(checked((uint)b.Proposer)).WriteFixed(b.Signature.Span);
    }

    private static Block ReadBlock(ref CanonicalReader r, string chainId)
    {
        ulong epoch = r.ReadU64();
        ulong round = r.ReadU64();
        ulong height = r.ReadU64();
        Hash32 parent = r.ReadHash();
        QuorumCertificate justify = ReadQc(ref r);
        byte[] payload = r.ReadBytes(MaxPayloadBytes);
        long timestamp = r.ReadI64();
        int proposer = ReadIndex(ref r);
        var signature = new Signature(r.ReadFixed(Signature.Size));
        return new Block(chainId, round, height, parent, justify, payload, timestamp, proposer, signature, epoch);
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

    private static void WriteStatement(CanonicalWriter w, EquivocationKind kind, SignedMessage statement)
    {
        switch (kind, statement)
        {
            case (EquivocationKind.Proposal, SignedBlockHeader h):
                w.WriteU64(h.Epoch).WriteU64(h.Round).WriteU64(h.Height).WriteHash(h.ParentId).WriteU64(h.JustifyRound).WriteHash(h.PayloadHash)
                    .WriteI64(h.TimestampMs).WriteU32(checked((uint)h.Proposer)).WriteFixed(h.Signature.Span);
                break;
            case (EquivocationKind.Vote, Vote v):
                WriteVoteData(w, v.Data);
                w.WriteU32(checked((uint)v.Voter)).WriteI64(v.TimeMs).WriteFixed(v.Signature.Span);
                break;
            case (EquivocationKind.Timeout, SignedTimeoutRound t):
                w.WriteU64(t.Epoch).WriteU64(t.Round).WriteU64(t.HighQcRound).WriteU32(checked((uint)t.Signer)).WriteFixed(t.Signature.Span);
                break;
            default:
                throw new ArgumentException($"evidence of kind {kind} holds a {statement.GetType().Name}");
        }
    }

    private static SignedMessage ReadStatement(ref CanonicalReader r, EquivocationKind kind)
    {
        if (kind == EquivocationKind.Vote)
        {
            return ReadVote(ref r);
        }

        ulong epoch = r.ReadU64();
        return kind == EquivocationKind.Proposal
            ? new SignedBlockHeader(r.ReadU64(), r.ReadU64(), r.ReadHash(), r.ReadU64(), r.ReadHash(), r.ReadI64(), ReadIndex(ref r),
                new Signature(r.ReadFixed(Signature.Size)), epoch)
            : new SignedTimeoutRound(r.ReadU64(), r.ReadU64(), ReadIndex(ref r), new Signature(r.ReadFixed(Signature.Size)), epoch);
    }
}
