using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Round trips for every encoder, golden vectors (fixed keys and deterministic Ed25519 make every
/// byte reproducible; the layouts are in docs/PROTOCOL.md), and strict decoding of malformed input.
/// </summary>
public sealed class CodecTests
{
    private static readonly ConsensusBuilder B = new(4);
    private static readonly Hash32 Root = Hash32.Sha256("state"u8);
    private static readonly Block B1 = B.Block(1, B.GenesisQc, "tx-1");
    private static readonly QuorumCertificate Qc1 = B.Qc(B1, ConsensusBuilder.StateAfter(B.GenesisStateRoot, B1));
    private static readonly Vote Vote1 = B.Vote(B1, Root, 2);
    private static readonly TimeoutCertificate Tc2 = B.Tc(2, Qc1);
    private static readonly RoundTimeout Timeout2 = B.Timeout(2, Qc1, 3);
    private static readonly Block B3 = B.Block(3, Qc1, "tx-3");
    private static readonly Proposal Proposal3 = new(B3, Tc2);
    private static readonly Block B1Twin = B.Block(1, B.GenesisQc, "tx-1-twin");
    private static readonly EquivocationEvidence ProposalEvidence =
        new(EquivocationKind.Proposal, 1, 1, SignedBlockHeader.Of(B1), SignedBlockHeader.Of(B1Twin));

    [Fact]
    public void Encode_Qc_RoundTrips()
    {
        QuorumCertificate decoded = ConsensusCodec.DecodeQc(ConsensusCodec.Encode(Qc1));

        Assert.True(decoded.SameAs(Qc1));
        Assert.Null(B.Verifier().CheckQc(decoded));
    }

    [Fact]
    public void Encode_Tc_RoundTrips() => Assert.True(ConsensusCodec.DecodeTc(ConsensusCodec.Encode(Tc2)).SameAs(Tc2));

    [Fact]
    public void Encode_Vote_RoundTrips() => Assert.Equal(Vote1, ConsensusCodec.DecodeVote(ConsensusCodec.Encode(Vote1)));

    [Fact]
    public void Encode_Timeout_RoundTrips()
    {
        RoundTimeout withTc = B.Timeout(3, Qc1, 1, Tc2);

        RoundTimeout decoded = ConsensusCodec.DecodeTimeout(ConsensusCodec.Encode(withTc));

        Assert.Equal(ConsensusCodec.Encode(withTc), ConsensusCodec.Encode(decoded));
        Assert.Null(B.Verifier().CheckTimeout(decoded));
    }

    [Fact]
    public void Encode_Block_RoundTripsWithSameId()
    {
        Block decoded = ConsensusCodec.DecodeBlock(ConsensusCodec.Encode(B1), B.ChainId);

        Assert.Equal(B1.Id, decoded.Id);
        Assert.Equal(B1.Payload.ToArray(), decoded.Payload.ToArray());
        Assert.Null(B.Verifier().CheckBlock(decoded, 1024));
    }

    [Fact]
    public void DecodeBlock_OtherChainId_GetsOtherIdAndFailsVerification()
    {
        Block decoded = ConsensusCodec.DecodeBlock(ConsensusCodec.Encode(B1), "other-chain");

        Assert.NotEqual(B1.Id, decoded.Id);
        Assert.NotNull(B.Verifier().CheckBlock(decoded, 1024));
    }

    [Fact]
    public void Encode_Proposal_RoundTrips()
    {
        Proposal decoded = ConsensusCodec.DecodeProposal(ConsensusCodec.Encode(Proposal3), B.ChainId);

        Assert.Equal(B3.Id, decoded.Block.Id);
        Assert.True(decoded.LastRoundTc!.SameAs(Tc2));
        Assert.Null(B.Verifier().CheckProposal(decoded, 1024));
    }

    [Fact]
    public void Encode_SyncMessages_RoundTrip()
    {
        var request = new SyncRequest(B3.Id, 0);
        var response = new SyncResponse([B1], B3.Justify);

        SyncResponse decoded = ConsensusCodec.DecodeSyncResponse(ConsensusCodec.Encode(response), B.ChainId);

        Assert.Equal(request, ConsensusCodec.DecodeSyncRequest(ConsensusCodec.Encode(request)));
        Assert.Equal(ConsensusCodec.Encode(response), ConsensusCodec.Encode(decoded));
        Assert.Equal(ConsensusCodec.Encode(SyncResponse.Empty), ConsensusCodec.Encode(ConsensusCodec.DecodeSyncResponse(ConsensusCodec.Encode(SyncResponse.Empty), B.ChainId)));
    }

    [Fact]
    public void Encode_SafetyData_RoundTrips()
    {
        var data = new SafetyData(3, 1, Vote1, Timeout2, Qc1, Tc2);

        SafetyData decoded = ConsensusCodec.DecodeSafetyData(ConsensusCodec.Encode(data));

        Assert.Equal(ConsensusCodec.Encode(data), ConsensusCodec.Encode(decoded));
        Assert.Equal(Vote1, decoded.LastVote);
        Assert.Equal(ConsensusCodec.Encode(SafetyData.Initial), ConsensusCodec.Encode(ConsensusCodec.DecodeSafetyData(ConsensusCodec.Encode(SafetyData.Initial))));
    }

    [Fact]
    public void EncodedLength_BlockAndQc_EqualTheEncodings()
    {
        Block big = B.Block(3, Qc1, new string('x', 5_000));

        Assert.Equal(ConsensusCodec.Encode(Qc1).Length, ConsensusCodec.EncodedLength(Qc1));
        Assert.Equal(ConsensusCodec.Encode(B1).Length, ConsensusCodec.EncodedLength(B1));
        Assert.Equal(ConsensusCodec.Encode(big).Length, ConsensusCodec.EncodedLength(big));
        Assert.Equal(ConsensusCodec.Encode(new SyncResponse([B1], Qc1)).Length,
            ConsensusCodec.SyncResponseOverhead - ConsensusCodec.MaxQcLength + ConsensusCodec.EncodedLength(B1) + ConsensusCodec.EncodedLength(Qc1));
    }

    [Fact]
    public void Encode_ProposalAndTimeoutEvidence_RoundTrip()
    {
        var timeouts = new EquivocationEvidence(EquivocationKind.Timeout, 3, 2, SignedTimeoutRound.Of(Timeout2), SignedTimeoutRound.Of(B.Timeout(2, B.GenesisQc, 3)));

        EquivocationEvidence proposals = ConsensusCodec.DecodeEvidence(ConsensusCodec.Encode(ProposalEvidence));
        EquivocationEvidence decodedTimeouts = ConsensusCodec.DecodeEvidence(ConsensusCodec.Encode(timeouts));

        Assert.Equal(ProposalEvidence.First, proposals.First);
        Assert.Equal(ProposalEvidence.Second, proposals.Second);
        Assert.Equal(B1.Id, ((SignedBlockHeader)proposals.First).BlockId(B.ChainId));
        Assert.Equal(timeouts.First, decodedTimeouts.First);
        Assert.Equal(timeouts.Second, decodedTimeouts.Second);
    }

    [Fact]
    public void Encode_EvidenceOfProposalsWithLargePayloads_IsTheHeadersOnly()
    {
        Block big = B.Block(1, B.GenesisQc, new string('a', 1_000_000));
        Block bigTwin = B.Block(1, B.GenesisQc, new string('b', 1_000_000));
        var evidence = new EquivocationEvidence(EquivocationKind.Proposal, 1, 1, SignedBlockHeader.Of(big), SignedBlockHeader.Of(bigTwin));

        Assert.Equal(13 + (2 * 172), ConsensusCodec.Encode(evidence).Length);
    }

    [Fact]
    public void Encode_ProposalEvidence_MatchesTheProtocolDocumentByteForByte()
    {
        Assert.Equal(GoldenVectors.ProposalEvidenceHex, Convert.ToHexStringLower(ConsensusCodec.Encode(ProposalEvidence)));
        Assert.Null(Verification.EquivocationVerifier.Check(ProposalEvidence, B.ChainId, B.Validators));
    }

    [Fact]
    public void Encode_Evidence_RoundTrips()
    {
        var evidence = new EquivocationEvidence(EquivocationKind.Vote, 2, 1, Vote1, B.Vote(B1, Hash32.Sha256("other"u8), 2));

        EquivocationEvidence decoded = ConsensusCodec.DecodeEvidence(ConsensusCodec.Encode(evidence));

        Assert.Equal(evidence.First, decoded.First);
        Assert.Equal(evidence.Second, decoded.Second);
        Assert.Equal((evidence.Kind, evidence.Offender, evidence.Round), (decoded.Kind, decoded.Offender, decoded.Round));
    }

    [Theory]
    [InlineData("block-id", "b1")]
    [InlineData("vote-signing-bytes", "vsb")]
    [InlineData("vote", "vote")]
    [InlineData("qc", "qc")]
    [InlineData("tc", "tc")]
    [InlineData("timeout", "timeout")]
    [InlineData("proposal", "proposal")]
    [InlineData("sync-request", "sreq")]
    [InlineData("safety-data", "safety")]
    [InlineData("safety-data-format-3", "safety3")]
    [InlineData("safety-data-format-2", "safety2")]
    [InlineData("proposal-evidence", "evidence")]
    public void Encode_FixedMessages_MatchGoldenVectors(string name, string which)
    {
        byte[] bytes = which switch
        {
            "b1" => B1.Id.ToArray(),
            "vsb" => Vote1.Data.SigningBytes(B.ChainId, Vote1.TimeMs),
            "vote" => ConsensusCodec.Encode(Vote1),
            "qc" => ConsensusCodec.Encode(Qc1),
            "tc" => ConsensusCodec.Encode(Tc2),
            "timeout" => ConsensusCodec.Encode(Timeout2),
            "proposal" => ConsensusCodec.Encode(Proposal3),
            "sreq" => ConsensusCodec.Encode(new SyncRequest(B1.Id, 7)),
            "evidence" => ConsensusCodec.Encode(ProposalEvidence),
            "safety2" => ConsensusCodec.Encode(new SafetyData(1, 0, Vote1, null))[..^10],
            "safety3" => ConsensusCodec.Encode(new SafetyData(1, 0, Vote1, null) with { Floor = new SigningFloor(0, 5) })[..^8],
            _ => ConsensusCodec.Encode(new SafetyData(1, 0, Vote1, null) with { Floor = new SigningFloor(0, 5), HighestProposedRound = 2 }),
        };

        Assert.Equal(GoldenVectors.Sha256[name], Hash32.Sha256(bytes).ToHex());
    }

    [Fact]
    public void VoteSigningBytes_Layout_MatchesProtocolDocument()
    {
        // tag, chain id, epoch, block id, round, height, parent id, parent round, state root, the voter's clock.
        byte[] expected = new CanonicalWriter()
            .WriteString("LEDGER/v1/Vote").WriteString("test-chain")
            .WriteU64(0)
            .WriteHash(B1.Id).WriteU64(1).WriteU64(1).WriteHash(B.GenesisQc.BlockId).WriteU64(0).WriteHash(Root)
            .WriteI64(1_700_000_000_010)
            .ToArray();

        Assert.Equal(expected, Vote1.Data.SigningBytes(B.ChainId, Vote1.TimeMs));
        Assert.Equal(GoldenVectors.VoteSigningBytesHex, Convert.ToHexStringLower(expected));
    }

    [Fact]
    public void Decode_TruncatedInput_ThrowsFormatException()
    {
        byte[] bytes = ConsensusCodec.Encode(Proposal3);

        for (int cut = 0; cut < bytes.Length; cut += 37)
        {
            Assert.Throws<FormatException>(() => ConsensusCodec.DecodeProposal(bytes.AsSpan(0, cut), B.ChainId));
        }
    }

    [Fact]
    public void Decode_TrailingByte_ThrowsFormatException()
    {
        byte[] bytes = [.. ConsensusCodec.Encode(Vote1), 0];

        FormatException error = Assert.Throws<FormatException>(() => ConsensusCodec.DecodeVote(bytes));
        Assert.Contains("trailing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OversizeSignerCount_ThrowsFormatException()
    {
        byte[] bytes = ConsensusCodec.Encode(Qc1);
        // The signer count follows the 128-byte vote data.
        bytes[128] = 0xFF;

        Assert.Throws<FormatException>(() => ConsensusCodec.DecodeQc(bytes));
    }

    [Fact]
    public void Decode_BadPresenceFlag_ThrowsFormatException()
    {
        byte[] bytes = ConsensusCodec.Encode(new Proposal(B1, null));
        bytes[^1] = 2;

        Assert.Throws<FormatException>(() => ConsensusCodec.DecodeProposal(bytes, B.ChainId));
    }

    [Fact]
    public void Decode_ValidatorIndexBeyondLimit_ThrowsFormatException()
    {
        byte[] bytes = ConsensusCodec.Encode(Vote1);
        bytes[128] = 0x01;

        Assert.Throws<FormatException>(() => ConsensusCodec.DecodeVote(bytes));
    }
}
