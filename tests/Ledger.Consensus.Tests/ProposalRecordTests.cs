using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

/// <summary>
/// Safety rule 6 (docs/PROTOCOL.md): a leader proposes at most once in a round, across restarts.
/// The round is in the safety record before the proposal leaves; a leader-to-be records its round
/// with its vote or timeout of the round before, so its proposal needs no write of its own.
/// </summary>
public sealed class ProposalRecordTests
{
    private readonly ConsensusBuilder _b = new(4);
    private readonly Hash32 _root = Hash32.Sha256("state"u8);

    private SafetyRules Rules(SafetyData? data = null) => new(_b.ChainId, 0, ConsensusBuilder.Key(0), data ?? SafetyData.Initial);

    [Fact]
    public void MayPropose_RoundInTheRecordAfterARestart_RefusedAndTheNextRoundAllowed()
    {
        SafetyRules rules = Rules(SafetyData.Initial with { HighestProposedRound = 3 });

        Assert.Equal(SafetyRule.ProposalRoundAlreadyRecorded, rules.MayPropose(0, 3, 2)!.Rule);
        Assert.Equal(SafetyRule.ProposalRoundAlreadyRecorded, rules.MayPropose(0, 2, 1)!.Rule);
        Assert.Null(rules.MayPropose(0, 4, 3));
    }

    [Fact]
    public void RecordProposal_RoundNotRecordedBefore_ChangesTheDataAndForbidsTheRoundAgain()
    {
        SafetyRules rules = Rules();

        Assert.True(rules.RecordProposal(1));

        Assert.Equal(1UL, rules.Data.HighestProposedRound);
        Assert.Equal(SafetyRule.ProposalRoundAlreadyRecorded, rules.MayPropose(0, 1, 0)!.Rule);
    }

    [Fact]
    public void SignVote_LeaderOfTheNextRound_RecordsThatRoundSoTheProposalWritesNothing()
    {
        SafetyRules rules = Rules();

        Assert.True(rules.SignVote(_b.Block(1, _b.GenesisQc), null, _root, ConsensusBuilder.GenesisTimeMs, leadsNextRound: true).IsNew);

        Assert.Equal(2UL, rules.Data.HighestProposedRound);
        Assert.Null(rules.MayPropose(0, 2, 1));
        Assert.False(rules.RecordProposal(2));
        Assert.Equal(SafetyRule.ProposalRoundAlreadyRecorded, rules.MayPropose(0, 2, 1)!.Rule);
    }

    [Fact]
    public void SignTimeout_LeaderOfTheNextRoundThenRestarted_RefusesThatRoundItNeverProposedIn()
    {
        SafetyRules rules = Rules();
        Assert.True(rules.SignTimeout(1, _b.GenesisQc, null, leadsNextRound: true).IsNew);

        // The record cannot tell a recorded round from a proposed one: after a restart both are refused.
        SafetyRules restarted = Rules(rules.Data);

        Assert.Equal(2UL, restarted.Data.HighestProposedRound);
        Assert.Equal(SafetyRule.ProposalRoundAlreadyRecorded, restarted.MayPropose(0, 2, 0)!.Rule);
    }

    [Fact]
    public void SignVote_NotLeaderOfTheNextRound_RecordsNoProposal()
    {
        SafetyRules rules = Rules();

        rules.SignVote(_b.Block(1, _b.GenesisQc), null, _root, ConsensusBuilder.GenesisTimeMs);

        Assert.Equal(0UL, rules.Data.HighestProposedRound);
    }

    [Fact]
    public void PayloadReady_LeaderWithoutTheRoundRecorded_PersistsTheRoundBeforeTheProposalLeaves()
    {
        // Validator 1 leads round 1 and signed nothing before it: the proposal's step writes the record.
        var h = new CoreHarness(_b.Core(1));
        h.Start();

        h.Handle(new PayloadReady(1, [1, 2, 3]));

        ConsensusOutputs proposing = Assert.Single(h.Outputs, o => o.Actions.OfType<BroadcastProposal>().Any());
        Assert.Equal(1UL, proposing.PersistFirst!.HighestProposedRound);
    }

    [Fact]
    public void Start_RestartedAfterProposingInItsRound_ProposesNoSecondBlockThereAndTimesItOut()
    {
        var h = new CoreHarness(_b.Core(1));
        h.Start();
        h.ExecuteAutomatically = false;
        h.Handle(new PayloadReady(1, [1, 2, 3]));
        SafetyData persisted = h.Outputs.Last(o => o.PersistFirst is not null).PersistFirst!;

        // Crashed right after the proposal left (before voting), restarted from what was persisted.
        var restarted = new CoreHarness(_b.Core(1, persisted));
        IReadOnlyList<ConsensusAction> started = restarted.Start();
        restarted.Handle(new PayloadReady(1, [9]));
        restarted.Handle(new TimerFired(1));

        Assert.Empty(started.OfType<RequestPayload>());
        Assert.Empty(restarted.Actions.OfType<BroadcastProposal>());
        Assert.Equal(1UL, Assert.Single(restarted.Actions.OfType<BroadcastTimeout>()).Timeout.Round);
    }

    [Fact]
    public void Votes_LeaderOfTheNextRound_ProposesThereWithoutAWriteOfItsOwn()
    {
        // Validator 2 leads round 2: its vote for round 1 records round 2, so the proposal adds no write.
        var h = new CoreHarness(_b.Core(2));
        h.Start();
        Block b1 = _b.Block(1, _b.GenesisQc);
        Hash32 s1 = ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1);
        h.Handle(new ProposalReceived(new Proposal(b1, null)));
        Assert.Equal(2UL, h.Core.SafetyData.HighestProposedRound);

        h.Handle(new VoteReceived(_b.Vote(b1, s1, 0)));
        h.Handle(new VoteReceived(_b.Vote(b1, s1, 1)));
        h.Handle(new PayloadReady(2, [7]));

        ConsensusOutputs proposing = Assert.Single(h.Outputs, o => o.Actions.OfType<BroadcastProposal>().Any());
        Assert.Equal(2UL, Assert.Single(proposing.Actions.OfType<BroadcastProposal>()).Proposal.Block.Round);
        Assert.Null(proposing.PersistFirst);
    }
}
