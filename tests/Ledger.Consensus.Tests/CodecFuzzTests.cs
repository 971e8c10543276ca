using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Seeded fuzzing of every consensus decoder: random bytes, truncations, byte flips, inflated
/// length prefixes and trailing garbage around valid encodings. Bad input from the network may
/// only ever surface as <see cref="FormatException"/>; any other exception type is a decoder bug
/// a peer could use to crash a replica.
/// </summary>
public sealed class CodecFuzzTests
{
    private const int IterationsPerDecoder = 3_000;

    private static readonly ConsensusBuilder B = new(4);
    private static readonly Block B1 = B.Block(1, B.GenesisQc, "tx-1");
    private static readonly QuorumCertificate Qc1 = B.Qc(B1, ConsensusBuilder.StateAfter(B.GenesisStateRoot, B1));
    private static readonly TimeoutCertificate Tc2 = B.Tc(2, Qc1);
    private static readonly RoundTimeout Timeout3 = B.Timeout(3, Qc1, 3, Tc2);
    private static readonly Block B3 = B.Block(3, Qc1, "tx-3");
    private static readonly Vote Vote1 = B.Vote(B1, Qc1.Data.StateRoot, 2);

    public static TheoryData<string> Decoders() => [.. Samples().Keys];

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Decode_FuzzedBytes_ThrowsOnlyFormatException(string decoder)
    {
        (byte[] valid, Action<byte[]> decode) = Samples()[decoder];
        List<string> unexpected = ByteFuzzer.FindUnexpectedExceptions(valid, decoder.Length * 7919, IterationsPerDecoder, decode);
        Assert.Empty(unexpected);
    }

    private static Dictionary<string, (byte[] Valid, Action<byte[]> Decode)> Samples()
    {
        var safety = new SafetyData(3, 1, Vote1, Timeout3, Qc1, Tc2);
        var evidence = new EquivocationEvidence(EquivocationKind.Vote, 2, 1, Vote1, B.Vote(B1, Hash32.Sha256("other"u8), 2));
        return new Dictionary<string, (byte[], Action<byte[]>)>(StringComparer.Ordinal)
        {
            ["qc"] = (ConsensusCodec.Encode(Qc1), b => ConsensusCodec.DecodeQc(b)),
            ["tc"] = (ConsensusCodec.Encode(Tc2), b => ConsensusCodec.DecodeTc(b)),
            ["vote"] = (ConsensusCodec.Encode(Vote1), b => ConsensusCodec.DecodeVote(b)),
            ["timeout"] = (ConsensusCodec.Encode(Timeout3), b => ConsensusCodec.DecodeTimeout(b)),
            ["block"] = (ConsensusCodec.Encode(B3), b => ConsensusCodec.DecodeBlock(b, B.ChainId)),
            ["proposal"] = (ConsensusCodec.Encode(new Proposal(B3, Tc2)), b => ConsensusCodec.DecodeProposal(b, B.ChainId)),
            ["sync-request"] = (ConsensusCodec.Encode(new SyncRequest(B3.Id, 1)), b => ConsensusCodec.DecodeSyncRequest(b)),
            ["sync-response"] = (ConsensusCodec.Encode(new SyncResponse([B1], Qc1)), b => ConsensusCodec.DecodeSyncResponse(b, B.ChainId)),
            ["safety-data"] = (ConsensusCodec.Encode(safety), b => ConsensusCodec.DecodeSafetyData(b)),
            ["evidence"] = (ConsensusCodec.Encode(evidence), b => ConsensusCodec.DecodeEvidence(b)),
        };
    }
}
