using Ledger.Consensus.Codec;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Safety rule 5 (docs/PROTOCOL.md): a replica that starts without its safety record signs nothing
/// until the signed answers of n - q + f + 1 others give it a floor, then nothing at or below it.
/// </summary>
public sealed class RecoveryFloorTests
{
    private readonly ConsensusBuilder _b = new(4);
    private readonly Hash32 _root = Hash32.Sha256("state"u8);
    private readonly Hash32 _challenge = Hash32.Sha256("challenge"u8);

    [Fact]
    public void SignVote_AbstainingWithoutRecord_Refused()
    {
        var rules = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), SafetyData.Lost);

        SafetyResult<Vote> result = rules.SignVote(_b.Block(1, _b.GenesisQc), null, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.Equal(SafetyRule.AbstainingWithoutRecord, result.Refusal!.Rule);
    }

    [Fact]
    public void SignTimeout_AbstainingWithoutRecord_RefusedEvenInRoundOne()
    {
        var rules = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), SafetyData.Lost);

        Assert.Equal(SafetyRule.AbstainingWithoutRecord, rules.SignTimeout(1, _b.GenesisQc, null).Refusal!.Rule);
    }

    [Theory]
    [InlineData(4UL, false, true)]
    [InlineData(5UL, false, true)]
    [InlineData(6UL, false, false)]
    [InlineData(5UL, true, true)]
    [InlineData(1UL, true, false)]
    public void Forbids_FloorFiveOfEpochZero_ExactlyTheRoundsAtOrBelowIt(ulong round, bool timeout, bool forbidden)
    {
        Assert.Equal(forbidden, new SigningFloor(0, 5).Forbids(0, round, timeout));
    }

    [Fact]
    public void Forbids_NextEpoch_OnlyRoundOneVotesAndProposals()
    {
        var floor = new SigningFloor(3, 9);

        Assert.True(floor.Forbids(4, 1, timeout: false));
        Assert.False(floor.Forbids(4, 1, timeout: true));
        Assert.False(floor.Forbids(4, 2, timeout: false));
        Assert.False(floor.Forbids(5, 1, timeout: false));
        Assert.True(floor.Forbids(2, 100, timeout: false));
    }

    [Fact]
    public void SignVote_AtAndAboveFloor_RefusedThenSigned()
    {
        var rules = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), SafetyData.Initial with { Floor = new SigningFloor(0, 1) });
        Block b1 = _b.Block(1, _b.GenesisQc);
        Block b2 = _b.Block(2, _b.Qc(b1, _root));

        Assert.Equal(SafetyRule.BelowRecoveryFloor, rules.SignVote(b1, null, _root, ConsensusBuilder.GenesisTimeMs).Refusal!.Rule);
        Assert.True(rules.SignVote(b2, null, _root, ConsensusBuilder.GenesisTimeMs).IsNew);
    }

    [Fact]
    public void SignTimeout_RoundOneUnderFloor_SignedTheSameBytesAsBefore()
    {
        var before = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), SafetyData.Initial);
        var after = new SafetyRules(_b.ChainId, 0, ConsensusBuilder.Key(0), SafetyData.Initial with { Floor = new SigningFloor(0, 1) });

        RoundTimeout first = before.SignTimeout(1, _b.GenesisQc, null).Message!;
        RoundTimeout again = after.SignTimeout(1, _b.GenesisQc, null).Message!;

        Assert.Equal(first.Signature, again.Signature);
    }

    [Fact]
    public void Start_WithRecord_NeverAbstains()
    {
        var core = new CoreHarness(_b.Core(1, SafetyData.Initial));

        core.Start();

        Assert.False(core.Core.IsAbstaining);
        Assert.Empty(core.Actions.OfType<AskSignedRounds>());
    }

    [Fact]
    public void Start_WithoutRecord_AsksAndLeaderRequestsNoPayload()
    {
        // Validator 1 leads round 1.
        var core = new CoreHarness(_b.Core(1, SafetyData.Lost));

        core.Start();

        Assert.True(core.Core.IsAbstaining);
        Assert.Equal(0UL, Assert.Single(core.Actions.OfType<AskSignedRounds>()).Epoch);
        Assert.Empty(core.Actions.OfType<RequestPayload>());
        Assert.Equal(3, core.Core.RecoveryAnswersMissing);
    }

    [Fact]
    public void TimerFired_Abstaining_AsksAgainAndSignsNoTimeout()
    {
        var core = new CoreHarness(_b.Core(0, SafetyData.Lost));
        core.Start();

        IReadOnlyList<ConsensusAction> actions = core.Handle(new TimerFired(1));

        Assert.Single(actions.OfType<AskSignedRounds>());
        Assert.Empty(actions.OfType<BroadcastTimeout>());
    }

    [Fact]
    public void SignedRoundReceived_ThreeOthersAnswer_FloorIsOneAboveTheHighestAndPersisted()
    {
        (Block b1, QuorumCertificate qc1, Block b2, QuorumCertificate qc2) = Chain();
        var core = new CoreHarness(_b.Core(0, SafetyData.Lost));
        core.Start();

        core.Handle(new SignedRoundReceived(Answer(1, 2, qc2), _challenge));
        core.Handle(new SignedRoundReceived(Answer(2, 1, qc1), _challenge));
        Assert.True(core.Core.IsAbstaining);
        core.Handle(new SignedRoundReceived(Answer(3, 0, _b.GenesisQc), _challenge));

        Assert.False(core.Core.IsAbstaining);
        Assert.Equal(new SigningFloor(0, 3), core.Core.Floor);
        Assert.Equal(new SigningFloor(0, 3), core.Outputs[^1].PersistFirst!.Floor);
        _ = (b1, b2);
    }

    [Fact]
    public void SignedRoundReceived_ClaimAboveItsCertificate_CappedAtOneAbove()
    {
        (_, QuorumCertificate qc1, _, _) = Chain();
        var core = new CoreHarness(_b.Core(0, SafetyData.Lost));
        core.Start();

        core.Handle(new SignedRoundReceived(Answer(1, 1_000_000, qc1), _challenge));
        core.Handle(new SignedRoundReceived(Answer(2, 0, _b.GenesisQc), _challenge));
        core.Handle(new SignedRoundReceived(Answer(3, 0, _b.GenesisQc), _challenge));

        Assert.Equal(new SigningFloor(0, 3), core.Core.Floor);
    }

    [Fact]
    public void SignedRoundReceived_WrongChallengeOrSelfOrRepeatedSigner_NotCounted()
    {
        var core = new CoreHarness(_b.Core(0, SafetyData.Lost));
        core.Start();

        core.Handle(new SignedRoundReceived(Answer(1, 0, _b.GenesisQc), Hash32.Sha256("other"u8)));
        core.Handle(new SignedRoundReceived(Answer(0, 0, _b.GenesisQc), _challenge));
        core.Handle(new SignedRoundReceived(Answer(2, 0, _b.GenesisQc), _challenge));
        core.Handle(new SignedRoundReceived(Answer(2, 0, _b.GenesisQc), _challenge));
        core.Handle(new SignedRoundReceived(Answer(3, 0, _b.GenesisQc), _challenge));

        Assert.True(core.Core.IsAbstaining);
        Assert.Equal(1, core.Core.RecoveryAnswersMissing);
    }

    [Fact]
    public void SignedRoundReceived_AnswerOfALaterEpoch_NotCounted()
    {
        var core = new CoreHarness(_b.Core(0, SafetyData.Lost));
        core.Start();
        var later = SignedRound.Create(_b.ChainId, 1, _challenge, 0, _b.GenesisQc, null, 1, ConsensusBuilder.Key(1));

        core.Handle(new SignedRoundReceived(later, _challenge));

        Assert.Equal(3, core.Core.RecoveryAnswersMissing);
    }

    [Fact]
    public void ProposalReceived_AfterFloor_VotesOnlyAboveIt()
    {
        (Block b1, QuorumCertificate qc1, Block b2, QuorumCertificate qc2) = Chain();
        // Validator 1: its vote of round 3 goes to validator 0, the leader of round 4.
        var core = new CoreHarness(_b.Core(1, SafetyData.Lost));
        core.Start();
        foreach (int peer in new[] { 0, 2, 3 })
        {
            core.Handle(new SignedRoundReceived(Answer(peer, 1, qc1), _challenge));
        }

        Assert.Equal(new SigningFloor(0, 2), core.Core.Floor);
        core.Handle(new ProposalReceived(new Proposal(b1, null)));
        core.Handle(new ProposalReceived(new Proposal(b2, null)));
        Assert.Empty(core.Actions.OfType<SendVote>());

        Block b3 = _b.Block(3, qc2);
        core.Now = b3.TimestampMs;
        IReadOnlyList<ConsensusAction> actions = core.Handle(new ProposalReceived(new Proposal(b3, null)));

        Assert.Equal(3UL, Assert.Single(actions.OfType<SendVote>()).Vote.Round);
    }

    [Fact]
    public void AnswerSignedRound_Abstaining_AnswersZeroAndVerifies()
    {
        ConsensusCore core = _b.Core(2, SafetyData.Lost);

        SignedRound answer = core.AnswerSignedRound(_challenge)!;

        Assert.Equal(0UL, answer.HighestSignedRound);
        Assert.True(Ed25519SignatureVerifier.Instance.Verify(
            _b.Validators.KeyOf(2), SignedRound.SigningBytes(_b.ChainId, 0, _challenge, 0), answer.Signature));
    }

    [Fact]
    public void RecoveryAnswersNeeded_ByCommitteeSize_TwoFPlusOneOthers()
    {
        Assert.Equal(3, ConsensusCore.RecoveryAnswersNeeded(new ConsensusBuilder(4).Validators));
        Assert.Equal(5, ConsensusCore.RecoveryAnswersNeeded(new ConsensusBuilder(7).Validators));
        Assert.Equal(1, ConsensusCore.RecoveryAnswersNeeded(new ConsensusBuilder(2).Validators));
    }

    [Fact]
    public void FreshNetwork_EveryRecordLost_StartsAndCommitsAfterRoundOneTimesOut()
    {
        var net = new MiniNetwork(lostRecords: true);
        net.Start();
        net.Submit(7);

        net.RunUntil(5_000);

        Assert.All(Enumerable.Range(0, 4), v =>
        {
            Assert.False(net.CoreOf(v).IsAbstaining);
            Assert.Equal(new SigningFloor(0, 1), net.CoreOf(v).Floor);
            Assert.NotNull(net.CommittedAt(v, 7));
        });
    }

    [Fact]
    public void Encode_SafetyDataWithFloor_RoundTripsAndFormatTwoReadsWithoutIt()
    {
        var data = SafetyData.Initial with { HighestVotedRound = 4, Abstaining = false, Floor = new SigningFloor(2, 9), Epoch = 2 };

        Assert.Equal(data, ConsensusCodec.DecodeSafetyData(ConsensusCodec.Encode(data)));
        Assert.Equal(SafetyData.Lost, ConsensusCodec.DecodeSafetyData(ConsensusCodec.Encode(SafetyData.Lost)));

        // Format 2 lacks the two recovery fields and format 4's proposed round (8 bytes); read, it
        // counts the round after the voted one as proposed in.
        byte[] formatTwo = ConsensusCodec.Encode(SafetyData.Initial with { HighestVotedRound = 4 })[..^10];
        Assert.Equal(SafetyData.Initial with { HighestVotedRound = 4, HighestProposedRound = 5 }, ConsensusCodec.DecodeSafetyData(formatTwo, withRecovery: false));
        Assert.Throws<FormatException>(() => ConsensusCodec.DecodeSafetyData(formatTwo));
    }

    [Fact]
    public void Encode_SignedRound_RoundTrips()
    {
        (_, QuorumCertificate qc1, _, _) = Chain();
        SignedRound answer = Answer(3, 2, qc1) with { HighTc = _b.Tc(2, qc1) };

        SignedRound decoded = ConsensusCodec.DecodeSignedRound(ConsensusCodec.Encode(answer));

        Assert.Equal(ConsensusCodec.Encode(answer), ConsensusCodec.Encode(decoded));
        Assert.Equal(answer.Signature, decoded.Signature);
    }

    private SignedRound Answer(int signer, ulong round, QuorumCertificate highQc) =>
        SignedRound.Create(_b.ChainId, 0, _challenge, round, highQc, null, signer, ConsensusBuilder.Key(signer));

    private (Block B1, QuorumCertificate Qc1, Block B2, QuorumCertificate Qc2) Chain()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, CoreHarness.StateOf(_b.GenesisStateRoot, b1));
        Block b2 = _b.Block(2, qc1);
        QuorumCertificate qc2 = _b.Qc(b2, CoreHarness.StateOf(qc1.Data.StateRoot, b2));
        return (b1, qc1, b2, qc2);
    }
}
