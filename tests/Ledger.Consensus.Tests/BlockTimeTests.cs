using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Sync;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// BFT time: a replica votes only for blocks whose timestamp lies within the window around its
/// clock, its vote carries that clock, and a QC's signer clocks bound the certified block's time.
/// </summary>
public sealed class BlockTimeTests
{
    private static readonly ConsensusParameters Parameters = ConsensusParameters.ForTests();
    private static readonly BlockTimeWindow Window = Parameters.TimeWindow;
    private readonly ConsensusBuilder _b = new(4);

    [Theory]
    [InlineData(0, true)]
    [InlineData(500, true)] // exactly the 500 ms allowed ahead
    [InlineData(501, false)]
    [InlineData(-1_000, true)] // exactly the 1,000 ms allowed behind
    [InlineData(-1_001, false)]
    public void Proposal_TimestampAroundTheClock_IsVotedOnlyInsideTheWindow(long offsetFromNow, bool voted)
    {
        var h = new CoreHarness(_b.Core(0), ConsensusBuilder.GenesisTimeMs + 10_000);
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc, timestampMs: h.Now + offsetFromNow);

        IReadOnlyList<ConsensusAction> actions = h.Handle(new ProposalReceived(new Proposal(b1, null)));

        Assert.Equal(voted, actions.OfType<SendVote>().Any());
        Assert.Equal(voted, actions.OfType<ExecuteBlock>().Any());
        Assert.Equal(voted, !h.Rejections.Any(r => r.Reason.Contains("outside", StringComparison.Ordinal)));
    }

    [Fact]
    public void Vote_ExecutionFinishesLater_CarriesTheClockThatJudgedTheProposal()
    {
        var h = new CoreHarness(_b.Core(0), ConsensusBuilder.GenesisTimeMs + 10_000) { ExecuteAutomatically = false };
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc, timestampMs: h.Now - 200);
        long judgedAt = h.Now;
        h.Handle(new ProposalReceived(new Proposal(b1, null)));

        // Execution takes longer than the window: the vote still reports the clock that admitted the block.
        h.Now += 5_000;
        IReadOnlyList<ConsensusAction> actions = h.Handle(new BlockExecuted(b1.Id, ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1)));

        Vote vote = Assert.Single(actions.OfType<SendVote>()).Vote;
        Assert.Equal(judgedAt, vote.TimeMs);
        Assert.Null(_b.Verifier().CheckVote(vote));
    }

    [Fact]
    public void PayloadReady_Leader_StampsTheTimestampItRequestedThePayloadFor()
    {
        var h = new CoreHarness(_b.Core(1), ConsensusBuilder.GenesisTimeMs + 10_000);
        RequestPayload request = Assert.Single(h.Start().OfType<RequestPayload>());
        Assert.Equal(h.Now, request.TimestampMs);

        h.Now += 30;
        Proposal proposal = Assert.Single(h.Handle(new PayloadReady(1, [1])).OfType<BroadcastProposal>()).Proposal;

        Assert.Equal(request.TimestampMs, proposal.Block.TimestampMs);
    }

    [Fact]
    public void Votes_FromClocksThatDiffer_FormOneQcCarryingEachClock()
    {
        // Validator 2 leads round 2 and aggregates round 1's votes.
        var h = new CoreHarness(_b.Core(2), ConsensusBuilder.GenesisTimeMs + 10_000);
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc, timestampMs: h.Now);
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        h.Handle(new ProposalReceived(new Proposal(b1, null)));

        h.Handle(new VoteReceived(_b.Vote(b1, s1, 0, b1.TimestampMs + 40)));
        h.Handle(new VoteReceived(_b.Vote(b1, s1, 3, b1.TimestampMs - 70)));

        QuorumCertificate qc = h.Core.HighQc;
        Assert.Equal(1UL, qc.Round);
        Assert.Equal([(0, b1.TimestampMs + 40), (2, h.Now), (3, b1.TimestampMs - 70)], qc.Signatures.Select(s => (s.Signer, s.TimeMs)));
        Assert.Null(_b.Verifier().CheckQc(qc));
        Assert.Equal(h.Now, BlockTimeWindow.MedianClock(qc));
    }

    [Fact]
    public void CheckQc_SignerClockChangedAfterSigning_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc = _b.Qc(b1, Hash32.Sha256("s"u8));
        QuorumCertificate shifted = qc with { Signatures = [qc.Signatures[0] with { TimeMs = qc.Signatures[0].TimeMs + 1 }, .. qc.Signatures.Skip(1)] };

        Assert.Null(_b.Verifier().CheckQc(qc));
        Assert.Contains("signature of validator 0 is invalid", _b.Verifier().CheckQc(shifted), StringComparison.Ordinal);
    }

    [Fact]
    public void MedianClock_FByzantineExtremes_StaysBetweenHonestClocks()
    {
        // n = 7, f = 2, quorum 5: two liars at the extremes cannot move the median outside 100..300.
        var b7 = new ConsensusBuilder(7);
        Block b1 = b7.Block(1, b7.GenesisQc);
        long[] clocks = [long.MinValue, 100, 200, 300, long.MaxValue];
        QuorumCertificate qc = new(ConsensusBuilder.VoteDataFor(b1, Hash32.Zero),
            [.. clocks.Select((c, i) => new SignerSignature(i, c, new Signature(new byte[Signature.Size])))]);

        Assert.Equal(200, BlockTimeWindow.MedianClock(qc));
        Assert.Null(BlockTimeWindow.MedianClock(b7.GenesisQc));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-1_000, null)] // the signers' clocks read 1,000 ms after the block: the most a voter allows behind
    [InlineData(500, null)] // the block 500 ms ahead of the signers' clocks
    [InlineData(-1_001, "outside")]
    [InlineData(501, "outside")]
    public void CheckCertified_BlockTimeAgainstItsQcClocks_HoldsOnlyInsideTheWindow(long blockMinusClocks, string? error)
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc = _b.Qc(b1, Hash32.Zero, timeMs: b1.TimestampMs - blockMinusClocks);

        string? result = Window.CheckCertified(b1, qc);

        if (error is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(error, result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SyncVerifier_BlockTimeOutsideItsQcClocks_Rejected()
    {
        // A quorum of (Byzantine) signers certified a block whose time none of their clocks admitted.
        Block b1 = _b.Block(1, _b.GenesisQc);
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        Block b2 = _b.Block(2, _b.Qc(b1, s1, timeMs: b1.TimestampMs + 60_000));
        QuorumCertificate qc2 = _b.Qc(b2, ConsensusBuilder.StateAfter(s1, b2));

        string? error = SyncVerifier.Check(new SyncResponse([b1, b2], qc2), _b.Verifier(), 1024, Window);

        Assert.Contains("block 0", error, StringComparison.Ordinal);
        Assert.Contains("outside", error, StringComparison.Ordinal);
        Assert.Null(SyncVerifier.Check(new SyncResponse([b1, b2], qc2), _b.Verifier(), 1024, new BlockTimeWindow(500, 60_000)));
    }

    [Fact]
    public void SyncVerifier_TimestampNotRisingAlongTheChain_Rejected()
    {
        Block b1 = _b.Block(1, _b.GenesisQc, timestampMs: ConsensusBuilder.GenesisTimeMs + 50);
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        Block b2 = _b.Block(2, _b.Qc(b1, s1), timestampMs: b1.TimestampMs);
        QuorumCertificate qc2 = _b.Qc(b2, ConsensusBuilder.StateAfter(s1, b2));

        Assert.Contains("not after", SyncVerifier.Check(new SyncResponse([b1, b2], qc2), _b.Verifier(), 1024, Window), StringComparison.Ordinal);
    }
}
