using Ledger.Client.Evidence;
using Ledger.Consensus;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.State;
using Ledger.TestKit;
using Ledger.TestKit.Chains;
using CommitEvidence = Ledger.Client.Protos.CommitEvidence;

namespace Ledger.Node.Tests.Epochs;

/// <summary>
/// A fixed two-change chain for epoch-change proofs, built from consensus messages alone (no
/// ledger execution: headers are made up, QCs are real): epoch 0 is <see cref="TestKeys"/> 0..3;
/// block B1 (height 2) ends it into epoch 1, keys 2..6; block B2 (height 4, epoch 1) ends that
/// into epoch 2, keys 2..5. Every signature is deterministic, so the proofs are golden vectors.
/// </summary>
internal static class EpochProofChain
{
    public const string ChainId = TestChain.ChainId;

    public const long StartMs = 1_772_323_200_000;

    public static readonly BlockTimeWindow Window = new(2_000, 5_000);

    public static readonly int[] Set0 = [0, 1, 2, 3];

    public static readonly int[] Set1 = [2, 3, 4, 5, 6];

    public static readonly int[] Set2 = [2, 3, 4, 5];

    public static ValidatorRoster Roster1 { get; } = RosterOf(Set1);

    public static ValidatorRoster Roster2 { get; } = RosterOf(Set2);

    /// <summary>Epoch 0's ending block B1 and its commit evidence (QC(B1), QC(child)), the header its QC certifies.</summary>
    public static (Block Block, QuorumCertificate[] Evidence, StateHeader Header) End0 { get; } = BuildEnd0();

    /// <summary>Epoch 1's ending block B2 (round 2 of epoch 1 on the epoch-genesis QC's child), its evidence and header.</summary>
    public static (Block Block, QuorumCertificate[] Evidence, StateHeader Header) End1 { get; } = BuildEnd1();

    public static EpochChangeProof Proof1 { get; } = new(1, CommitCertificate.From(End0.Block, End0.Evidence).WithoutBlock().Encode(), End0.Header, Roster1.Encoded);

    public static EpochChangeProof Proof2 { get; } = new(2, CommitCertificate.From(End1.Block, End1.Evidence).WithoutBlock().Encode(), End1.Header, Roster2.Encoded);

    public static ValidatorSet SetOf(int[] keys) => new(keys.Select(k => TestKeys.Validator(k).PublicKey));

    public static ProvenEpochs NewProven() =>
        new(ChainId, SetOf(Set0), QuorumCertificate.Genesis(ChainId, Hash32.Sha256("genesis"u8)), Window);

    /// <summary>B2's commit evidence as GetBlock carries it (with the block): epoch 1's evidence.</summary>
    public static CommitEvidence End1Evidence => new()
    {
        Height = End1.Block.Height,
        Certificate = Google.Protobuf.ByteString.CopyFrom(CommitCertificate.From(End1.Block, End1.Evidence).Encode()),
    };

    /// <summary>A QC on <paramref name="block"/> by the first quorum of <paramref name="set"/> (indices in that set), clocks at the block's timestamp.</summary>
    public static QuorumCertificate Qc(Block block, Hash32 stateRoot, int[] set, int[]? signingKeys = null)
    {
        VoteData data = ConsensusBuilder.VoteDataFor(block, stateRoot);
        byte[] message = data.SigningBytes(ChainId, block.TimestampMs);
        int quorum = SetOf(set).QuorumSize;
        int[] keys = signingKeys ?? set;
        return new QuorumCertificate(data, [.. Enumerable.Range(0, quorum).Select(i => new SignerSignature(i, block.TimestampMs, TestKeys.Validator(keys[i]).Sign(message)))]);
    }

    public static Block Propose(ulong round, QuorumCertificate justify, int[] set, ulong epoch, long timestampMs, string payload = "")
    {
        int leader = (int)(round % (ulong)set.Length);
        return Block.Create(ChainId, round, justify, System.Text.Encoding.UTF8.GetBytes(payload), timestampMs, leader, TestKeys.Validator(set[leader]), epoch);
    }

    public static StateHeader Header(ulong height, long timestampMs, ulong epoch, Hash32 validatorsRoot) =>
        new(Hash32.Sha256([0x01]), Hash32.Zero, Hash32.Sha256([0x02]), 4_000, height, timestampMs, 1, Hash32.Sha256([]), Hash32.Sha256([]), epoch, validatorsRoot);

    private static (Block, QuorumCertificate[], StateHeader) BuildEnd0()
    {
        QuorumCertificate genesis = QuorumCertificate.Genesis(ChainId, Hash32.Sha256("genesis"u8));
        Block first = Propose(1, genesis, Set0, 0, StartMs + 1_000, "tx-1");
        QuorumCertificate firstQc = Qc(first, Hash32.Sha256("state-1"u8), Set0);
        Block end = Propose(2, firstQc, Set0, 0, StartMs + 2_000, "validator-set-change");
        StateHeader header = Header(2, end.TimestampMs, 1, Roster1.Root);
        QuorumCertificate endQc = Qc(end, header.Root, Set0);
        Block child = Propose(3, endQc, Set0, 0, StartMs + 3_000);
        return (end, [endQc, Qc(child, header.Root, Set0)], header);
    }

    private static (Block, QuorumCertificate[], StateHeader) BuildEnd1()
    {
        (Block end0, _, StateHeader header0) = End0;
        QuorumCertificate start = QuorumCertificate.EpochGenesis(1, end0.Id, end0.Height, header0.Root);
        Block first = Propose(1, start, Set1, 1, StartMs + 4_000, "tx-2");
        QuorumCertificate firstQc = Qc(first, Hash32.Sha256("state-3"u8), Set1);
        Block end = Propose(2, firstQc, Set1, 1, StartMs + 5_000, "validator-set-change-2");
        StateHeader header = Header(end.Height, end.TimestampMs, 2, Roster2.Root);
        QuorumCertificate endQc = Qc(end, header.Root, Set1);
        Block child = Propose(3, endQc, Set1, 1, StartMs + 6_000);
        return (end, [endQc, Qc(child, header.Root, Set1)], header);
    }

    private static ValidatorRoster RosterOf(int[] keys) =>
        ValidatorRoster.Create(
            [new OrganisationEntry("org1", [0x30, 0x00])],
            [.. keys.Select(k => new ValidatorEntry("org1", TestKeys.Validator(k).PublicKey, [0x30, 0x00], [0x30, 0x01]))]);
}
