using Ledger.Client.Evidence;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using static Ledger.Node.Tests.Epochs.EpochProofChain;

namespace Ledger.Node.Tests.Epochs;

/// <summary>Epoch-change proofs (docs/PROTOCOL.md, "Epoch-change proofs"): what proves a set, what is refused and why.</summary>
public sealed class EpochChangeProofTests
{
    [Fact]
    public void Accept_ChainFromGenesis_ProvesEachEpochsSet()
    {
        ProvenEpochs proven = NewProven();

        proven.Accept(Proof1);
        proven.Accept(Proof2);

        Assert.Equal(2UL, proven.Highest);
        Assert.Equal(SetOf(Set1).Keys, proven.VerifierOf(1)!.Validators.Keys);
        Assert.Equal(SetOf(Set2).Keys, proven.VerifierOf(2)!.Validators.Keys);
        Assert.Null(proven.VerifierOf(3));
        Assert.Equal(Roster2.Encoded, proven.RosterOf(2)!.Encoded);
        Assert.Null(proven.RosterOf(0));
    }

    [Fact]
    public void Accept_WrongRosterBytes_RefusedAsRosterMismatch()
    {
        ProvenEpochs proven = NewProven();

        var e = Assert.Throws<EpochProofException>(() => proven.Accept(Proof1 with { Roster = Roster2.Encoded }));

        Assert.Equal(EpochProofFault.RosterMismatch, e.Fault);
        Assert.Equal(0UL, proven.Highest);
    }

    [Fact]
    public void Accept_EvidenceSignedByTheNewSet_RefusedAsNotCommitted()
    {
        // B1's QCs signed by epoch 1's keys (indices of the new set) while still naming epoch 0:
        // only epoch 0's set may certify the block that ends epoch 0.
        (Block end, QuorumCertificate[] evidence, _) = End0;
        QuorumCertificate forgedQc = Qc(end, evidence[0].Data.StateRoot, Set0, signingKeys: Set1);
        var forged = Proof1 with { Certificate = CommitCertificate.From(end, [forgedQc, ReSign(evidence[1])]).WithoutBlock().Encode() };
        ProvenEpochs proven = NewProven();

        var e = Assert.Throws<EpochProofException>(() => proven.Accept(forged));

        Assert.Equal(EpochProofFault.NotCommitted, e.Fault);
        Assert.Equal(0UL, proven.Highest);
    }

    [Fact]
    public void Accept_SkippedEpoch_RefusedAsNotNextEpoch()
    {
        ProvenEpochs proven = NewProven();

        var e = Assert.Throws<EpochProofException>(() => proven.Accept(Proof2));

        Assert.Equal(EpochProofFault.NotNextEpoch, e.Fault);
        Assert.Equal(0UL, proven.Highest);
    }

    [Fact]
    public void Accept_EpochZeroEvidencePresentedAsEndingEpochOne_RefusedAsEvidenceOfOtherEpoch()
    {
        ProvenEpochs proven = NewProven();
        proven.Accept(Proof1);

        var e = Assert.Throws<EpochProofException>(() => proven.Accept(Proof2 with { Certificate = Proof1.Certificate }));

        Assert.Equal(EpochProofFault.EvidenceOfOtherEpoch, e.Fault);
        Assert.Equal(1UL, proven.Highest);
    }

    [Fact]
    public void Accept_HeaderNotTheCertifiedOne_RefusedAsHeaderNotCertified()
    {
        ProvenEpochs proven = NewProven();

        var e = Assert.Throws<EpochProofException>(() => proven.Accept(Proof1 with { Header = Proof1.Header with { TotalSupply = 4_001 } }));

        Assert.Equal(EpochProofFault.HeaderNotCertified, e.Fault);
    }

    [Fact]
    public void Accept_CertifiedHeaderStillInTheOldEpoch_RefusedAsHeaderWrongEpoch()
    {
        // A block of epoch 0 committed with epoch 0's set, its certified state still in epoch 0:
        // not the block that ended epoch 0, whatever roster it is offered with.
        QuorumCertificate genesis = QuorumCertificate.Genesis(ChainId, Hash32.Sha256("genesis"u8));
        Block block = Propose(1, genesis, Set0, 0, StartMs + 1_000, "tx-1");
        var header = Header(1, block.TimestampMs, 0, Roster1.Root);
        QuorumCertificate qc = Qc(block, header.Root, Set0);
        QuorumCertificate childQc = Qc(Propose(2, qc, Set0, 0, StartMs + 2_000), header.Root, Set0);
        var proof = new EpochChangeProof(1, CommitCertificate.From(block, [qc, childQc]).WithoutBlock().Encode(), header, Roster1.Encoded);
        ProvenEpochs proven = NewProven();

        var e = Assert.Throws<EpochProofException>(() => proven.Accept(proof));

        Assert.Equal(EpochProofFault.HeaderWrongEpoch, e.Fault);
    }

    [Fact]
    public void Accept_RepeatedProofOfAProvenEpoch_IsAcceptedWithoutChange()
    {
        ProvenEpochs proven = NewProven();
        proven.Accept(Proof1);

        proven.Accept(Proof1);

        Assert.Equal(1UL, proven.Highest);
        Assert.Single(proven.Proofs);
    }

    [Fact]
    public void Accept_MalformedRoster_RefusedAsMalformed()
    {
        ProvenEpochs proven = NewProven();

        var e = Assert.Throws<EpochProofException>(() => proven.Accept(Proof1 with { Roster = [.. Roster1.Encoded, 0x00] }));

        Assert.Equal(EpochProofFault.Malformed, e.Fault);
    }

    [Fact]
    public void Encode_GoldenVector_IsPinnedAndRoundTrips()
    {
        byte[] list = EpochChangeProof.EncodeList([Proof1, Proof2]);

        IReadOnlyList<EpochChangeProof> decoded = EpochChangeProof.DecodeList(list);

        Assert.Equal(Proof1.Encode(), decoded[0].Encode());
        Assert.Equal(Proof2.Encode(), decoded[1].Encode());
        Assert.Equal(GoldenProof1Hex, Convert.ToHexStringLower(Proof1.Encode()));
        Assert.Equal(GoldenProof1Sha256, Hash32.Sha256(Proof1.Encode()).ToHex());
        Assert.Equal(GoldenListSha256, Hash32.Sha256(list).ToHex());
    }

    [Fact]
    public void Decode_TruncatedOrTrailing_IsFormatException()
    {
        byte[] bytes = Proof1.Encode();

        Assert.Throws<FormatException>(() => EpochChangeProof.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => EpochChangeProof.Decode([.. bytes, 0x00]));
    }

    // The proof of epoch 1 as docs/PROTOCOL.md prints it ("Epoch-change proofs", vector).
    private const string GoldenProof1Hex = "0000000000000001000002e10100000000000000020000016800000000000000003cd9a7e45b028fe2c0977cdb7e3eb968eb11c313bea8e143f68c3e25d04763c400000000000000020000000000000002e17b513435499a29006cb7afe3399b1dd0ec45a0d28dc483ad7d6109a799d0b4000000000000000109895f291a6c94a7cbe476260d2edc1c453e1a8390f573205feabd8577c9a5fa00000003000000000000019ca6b1e3d030bcce79b16b638d183a3621bd8f0a38c28e83a870f0ed2c00f460c247828a2e6dfececb48a32e2851eb52430cc522a408839fcc8924f636e7b7487c2a802505000000010000019ca6b1e3d0a37edac9258398dd4113d0bf3b557ca73b4affa77373ee33d3024a7085d3d7da54a97bad7fb46f34a0b9a993a8638818cb49b456be0c98715ebe14a8d09c5b00000000020000019ca6b1e3d0f466dfe492f554999c6edca096f94d7be2e5c609337c1a6ed0ac1a4416fa0522e304975d0f8ae8a2778efba93e30163645728d642512d3db8708cc6478852605000001680000000000000000591fb585f48de9f14e378c19cbd88e50e80b9a38e2dd65aac607f82cd9a22789000000000000000300000000000000033cd9a7e45b028fe2c0977cdb7e3eb968eb11c313bea8e143f68c3e25d04763c4000000000000000209895f291a6c94a7cbe476260d2edc1c453e1a8390f573205feabd8577c9a5fa00000003000000000000019ca6b1e7b8ec4bf1f4f5ff96ec8c6617dace8d482c9ebe2cf2e71490b93d2b0e386ce112c5e8e0887d0acb31b8dfaa3fa6ea1701f2c3f2d9c35916b111aa6aa9d8bb2edb01000000010000019ca6b1e7b819d1fa07df59d803bcb961a23277d6e1d4c809f5336506aff0743e1c3524a089c8df700ab159cadab3b6273739b9b1376c6cd93862b72c9a422ab5f3fb10510e000000020000019ca6b1e7b8bb20a3d8058a686ac74150ece0e29704eaac0b6e2ccf7297ffd3b46b3444eb62620d4cce33596bfd97b9f5ba02b4ec68561c56cdb5c76782efa5d374876d550d4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a0000000000000000000000000000000000000000000000000000000000000000dbc1b4c900ffe48d575b5da5c638040125f65db0fe3e24494b76ea986457d9860000000000000fa000000000000000020000019ca6b1e3d000000001e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85500000000000000011beb81f6781611b2ad51352d192a7eefb5aa3ea479e633e6b4b88c49b37bece80000011a00000001000000046f72673100000002300000000005000000046f726731d0e6eed5fbc3258f6506b0c2eddbada9253d25427395d3c1e20cc994bf2bf3a8000000023000000000023001000000046f726731994ead57d0328965073228e73b0d7afcdeb5275a17922d818a361232aee11717000000023000000000023001000000046f726731a6ac12310acfd22517f83ccbc2ba1780837cc0fc3a09364045cb4c472835bc97000000023000000000023001000000046f7267311cb5b2376e7863731e6cf87fb08c0d045bf6f09b840123215715929f7a885046000000023000000000023001000000046f726731ef0465650a261bb4b4c4ee8ff8cfa150445371fa9879231d88a420bdf5214f1a000000023000000000023001";

    private const string GoldenProof1Sha256 = "fa469026592ce86909da74101c1d1ce4d4c1147fc7c70f4d1465643fd040ad80";

    private const string GoldenListSha256 = "6c5e50025eb46779366632fb40acf1bc22b6b80d6b82d84a17d932f22d0858f6";

    // The child's QC re-signed by the new set's keys over the same data.
    private static QuorumCertificate ReSign(QuorumCertificate qc)
    {
        byte[] message = qc.Data.SigningBytes(ChainId, qc.Signatures[0].TimeMs);
        return new QuorumCertificate(qc.Data, [.. qc.Signatures.Select((s, i) => new SignerSignature(s.Signer, s.TimeMs, Ledger.TestKit.TestKeys.Validator(Set1[i]).Sign(message)))]);
    }
}
