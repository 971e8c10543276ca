using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

public sealed class SyncTests
{
    private readonly ConsensusBuilder _b = new(4);
    private static readonly BlockTimeWindow Window = ConsensusParameters.ForTests().TimeWindow;

    /// <summary>Blocks 1..count in consecutive rounds with honest state roots, and the QC of each.</summary>
    private (List<Block> Blocks, List<QuorumCertificate> Qcs) Chain(int count, int payloadBytes = 0)
    {
        var blocks = new List<Block>();
        var qcs = new List<QuorumCertificate>();
        QuorumCertificate justify = _b.GenesisQc;
        Hash32 state = _b.GenesisStateRoot;
        for (ulong r = 1; r <= (ulong)count; r++)
        {
            Block block = payloadBytes == 0
                ? _b.Block(r, justify, $"b{r}")
                : Block.Create(_b.ChainId, r, justify, Payload(r, payloadBytes), ConsensusBuilder.GenesisTimeMs + ((long)r * 10), _b.Validators.LeaderOf(r), ConsensusBuilder.Key(_b.Validators.LeaderOf(r)));
            state = ConsensusBuilder.StateAfter(state, block);
            justify = _b.Qc(block, state);
            blocks.Add(block);
            qcs.Add(justify);
        }

        return (blocks, qcs);
    }

    [Fact]
    public void Proposal_UnknownParent_RequestsTheMissingBlocksFromTheProposer()
    {
        var (blocks, _) = Chain(3);
        var h = new CoreHarness(_b.Core(0));
        h.Start();

        IReadOnlyList<ConsensusAction> actions = h.Handle(new ProposalReceived(new Proposal(blocks[2], null)));

        RequestBlocks request = Assert.Single(actions.OfType<RequestBlocks>());
        Assert.Equal(blocks[2].Proposer, request.Peer);
        Assert.Equal(new SyncRequest(blocks[1].Id, 0), request.Request);
    }

    [Fact]
    public void SyncResponse_ValidChain_IsExecutedInOrderThenTheParkedProposalIsVoted()
    {
        var (blocks, qcs) = Chain(3);
        var h = new CoreHarness(_b.Core(1));
        h.Start();
        h.Handle(new ProposalReceived(new Proposal(blocks[2], null)));

        IReadOnlyList<ConsensusAction> actions = h.Handle(new SyncResponseReceived(3, new SyncResponse([blocks[0], blocks[1]], qcs[1])));

        Assert.Equal([blocks[0].Id, blocks[1].Id, blocks[2].Id], actions.OfType<ExecuteBlock>().Select(x => x.Block.Id));
        Assert.Equal(blocks[0].Id, Assert.Single(actions.OfType<CommitBlocks>()).Blocks.Single().Block.Id);
        Assert.Equal(blocks[2].Id, Assert.Single(actions.OfType<SendVote>()).Vote.Data.BlockId);
    }

    [Fact]
    public void SyncResponse_BlockWithForgedSignature_IsRejected()
    {
        var (blocks, qcs) = Chain(3);
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        h.Handle(new ProposalReceived(new Proposal(blocks[2], null)));
        Block forged = new(_b.ChainId, blocks[0].Round, blocks[0].Height, blocks[0].ParentId, blocks[0].Justify,
            blocks[0].Payload, blocks[0].TimestampMs, blocks[0].Proposer, blocks[1].Signature);

        IReadOnlyList<ConsensusAction> actions = h.Handle(new SyncResponseReceived(3, new SyncResponse([forged, blocks[1]], qcs[1])));

        MessageRejected rejected = Assert.Single(h.Outputs[^1].Rejections);
        Assert.Contains("proposal signature", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(actions);
        Assert.Null(h.Core.FindBlock(blocks[0].Id));
    }

    [Fact]
    public void SyncVerifier_BrokenLinkOrBadSignature_Rejected()
    {
        var (blocks, qcs) = Chain(3);
        MessageVerifier verifier = _b.Verifier();
        Block badSignature = new(_b.ChainId, blocks[1].Round, blocks[1].Height, blocks[1].ParentId, blocks[1].Justify,
            blocks[1].Payload, blocks[1].TimestampMs, blocks[1].Proposer, blocks[0].Signature);

        Assert.Null(SyncVerifier.Check(new SyncResponse([blocks[0], blocks[1]], qcs[1]), verifier, 1024, Window));
        Assert.NotNull(SyncVerifier.Check(new SyncResponse([blocks[0], blocks[2]], qcs[2]), verifier, 1024, Window));
        Assert.NotNull(SyncVerifier.Check(new SyncResponse([blocks[0], badSignature], qcs[1]), verifier, 1024, Window));
        Assert.NotNull(SyncVerifier.Check(new SyncResponse([blocks[0], blocks[1]], qcs[0]), verifier, 1024, Window));
        Assert.NotNull(SyncVerifier.Check(new SyncResponse([blocks[0]], null), verifier, 1024, Window));
    }

    [Fact]
    public void SyncResponder_CommittedAndUncommittedBlocks_ReturnsOldestFirstWithTipQc()
    {
        var (blocks, qcs) = Chain(6);
        var source = new TestSource(committed: blocks.Take(4).ToList(), uncommitted: blocks.Skip(4).ToList(), qcs: qcs.Take(5).ToList(), blocks);

        SyncResponse all = SyncResponder.Respond(new SyncRequest(blocks[4].Id, 1), source, 10);
        SyncResponse limited = SyncResponder.Respond(new SyncRequest(blocks[5].Id, 0), source, 3);

        Assert.Equal(blocks.Skip(1).Take(4).Select(b => b.Id), all.Blocks.Select(b => b.Id));
        Assert.True(all.TipQc!.SameAs(qcs[4]));
        Assert.Null(SyncVerifier.Check(all, _b.Verifier(), 1024, Window));
        Assert.Equal(blocks.Take(3).Select(b => b.Id), limited.Blocks.Select(b => b.Id));
        Assert.True(limited.TipQc!.SameAs(qcs[2]));
        Assert.Empty(SyncResponder.Respond(new SyncRequest(Hash32.Sha256("unknown"u8), 0), source, 10).Blocks);
    }

    [Fact]
    public void SyncResponder_NearFullBlocksAboveTheByteLimit_EachReplyFitsAndTheRequesterCompletesTheChain()
    {
        // 30 blocks of 1.8 MB: one reply of every block (the old limit was 64 blocks, no bytes)
        // would be 54 MB, over the 48 MiB both ends of the peer channel accept.
        const long maxReplyBytes = 48L * 1024 * 1024;
        var (blocks, qcs) = Chain(30, payloadBytes: 1_800_000);
        var source = new TestSource(committed: blocks, uncommitted: [], qcs: qcs, blocks);

        var received = new List<Block>();
        ulong above = 0;
        for (int reply = 0; reply < blocks.Count && above < blocks[^1].Height; reply++)
        {
            SyncResponse response = SyncResponder.Respond(new SyncRequest(blocks[^1].Id, above), source, 64, maxReplyBytes);

            Assert.NotEmpty(response.Blocks);
            Assert.True(Codec.ConsensusCodec.Encode(response).Length <= maxReplyBytes, $"reply {reply} exceeds {maxReplyBytes} bytes");
            Assert.Null(SyncVerifier.Check(response, _b.Verifier(), 2_000_000, Window));
            received.AddRange(response.Blocks);
            above = response.Blocks[^1].Height;
        }

        Assert.Equal(blocks.Select(b => b.Id), received.Select(b => b.Id));
    }

    [Fact]
    public void SyncResponder_FirstBlockAloneExceedsTheByteLimit_StillReturnsIt()
    {
        var (blocks, qcs) = Chain(3, payloadBytes: 10_000);
        var source = new TestSource(committed: blocks, uncommitted: [], qcs: qcs, blocks);

        SyncResponse response = SyncResponder.Respond(new SyncRequest(blocks[^1].Id, 0), source, 64, maxBytes: 1_000);

        Assert.Equal(blocks[0].Id, Assert.Single(response.Blocks).Id);
        Assert.True(response.TipQc!.SameAs(qcs[0]));
    }

    [Fact]
    public void SyncResponse_StoppingShortOfTheTarget_NextRequestContinuesAboveItsLastBlock()
    {
        var (blocks, qcs) = Chain(8);
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        h.Handle(new ProposalReceived(new Proposal(blocks[7], null)));

        IReadOnlyList<ConsensusAction> actions = h.Handle(new SyncResponseReceived(3, new SyncResponse([blocks[0], blocks[1], blocks[2]], qcs[2])));

        RequestBlocks next = Assert.Single(actions.OfType<RequestBlocks>());
        Assert.Equal(new SyncRequest(blocks[6].Id, blocks[2].Height), next.Request);
    }

    [Fact]
    public void CommitEvidence_ChainWithoutConsecutiveRounds_Rejected()
    {
        var (blocks, qcs) = Chain(2);
        Hash32 s2 = qcs[1].Data.StateRoot;
        Block b4 = _b.Block(4, qcs[1], "after a timeout");
        QuorumCertificate qc4 = _b.Qc(b4, ConsensusBuilder.StateAfter(s2, b4));
        MessageVerifier verifier = _b.Verifier();

        Assert.Null(CommitEvidence.Verify(blocks[0].Id, [qcs[0], qcs[1]], verifier));
        Assert.NotNull(CommitEvidence.Verify(blocks[1].Id, [qcs[1], qc4], verifier));
        Assert.NotNull(CommitEvidence.Verify(blocks[1].Id, [qcs[0], qcs[1]], verifier));
        Assert.NotNull(CommitEvidence.Verify(blocks[0].Id, [qcs[0]], verifier));
    }

    private static byte[] Payload(ulong round, int length)
    {
        var payload = new byte[length];
        payload[0] = (byte)round;
        return payload;
    }

    private sealed class TestSource(List<Block> committed, List<Block> uncommitted, List<QuorumCertificate> qcs, List<Block> all) : IBlockSource
    {
        public Block? FindBlock(Hash32 id) => committed.Concat(uncommitted).FirstOrDefault(b => b.Id == id);

        public Block? FindCommittedAt(ulong height) => committed.FirstOrDefault(b => b.Height == height);

        public QuorumCertificate? FindQc(Hash32 id) => qcs.FirstOrDefault(q => q.BlockId == id) is { } qc && all.Any(b => b.Id == id) ? qc : null;
    }
}
