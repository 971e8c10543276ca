using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Node.Runtime;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

public sealed class SafetyWritesTests
{
    private readonly ConsensusBuilder _builder = new(4);

    [Fact]
    public void DueBefore_ChangedWithAVoteLeaving_WrittenFirst()
    {
        var writes = new SafetyWrites();
        var data = new SafetyData(3, 2, null, null);

        Assert.Same(data, writes.DueBefore(new ConsensusOutputs(data, [new SetTimer(3, 100), SendVote()])));
    }

    [Fact]
    public void DueBefore_ChangedWithNothingSignedLeaving_HeldUntilTheNextSignedMessage()
    {
        var writes = new SafetyWrites();
        var observed = new SafetyData(0, 2, null, null);
        var block = _builder.Block(3, _builder.GenesisQc);

        // A proposal arrived: its QC observed, its block to execute; the vote comes later.
        Assert.Null(writes.DueBefore(new ConsensusOutputs(observed, [new ExecuteBlock(block, _builder.GenesisStateRoot), new SetTimer(3, 100)])));
        Assert.Null(writes.DueBefore(new ConsensusOutputs(null, [new SetTimer(3, 200)])));

        // The vote after execution carries the held data out with it, whether or not the core set it again.
        Assert.Same(observed, writes.DueBefore(new ConsensusOutputs(null, [SendVote()])));
        Assert.Null(writes.DueBefore(new ConsensusOutputs(null, [SendVote()])));
    }

    [Fact]
    public void DueBefore_HeldDataThenNewerData_WritesTheNewer()
    {
        var writes = new SafetyWrites();
        writes.DueBefore(new ConsensusOutputs(new SafetyData(0, 2, null, null), []));
        var newer = new SafetyData(3, 2, null, null);

        Assert.Same(newer, writes.DueBefore(new ConsensusOutputs(newer, [SendVote()])));
    }

    [Fact]
    public void DueBefore_HaltWithHeldData_WrittenFirst()
    {
        var writes = new SafetyWrites();
        var data = new SafetyData(0, 2, null, null);
        writes.DueBefore(new ConsensusOutputs(data, []));

        // Anything not known to send nothing signed writes first.
        Assert.Same(data, writes.DueBefore(new ConsensusOutputs(null, [new Halt("test")])));
    }

    [Fact]
    public void DueBefore_LeaderVotesThenProposes_OneWriteBeforeTheProposalRecordsItsRound()
    {
        // Validator 2 leads round 2. Its vote for block 1 is counted locally (nothing leaves), the QC
        // it then forms is observed: both held, written once, before its proposal - with the round.
        var writes = new SafetyWrites();
        var core = _builder.Core(2);
        long now = ConsensusBuilder.GenesisTimeMs + 1_000;
        var written = new List<SafetyData>();
        void Step(ConsensusOutputs outputs)
        {
            if (writes.DueBefore(outputs) is { } data)
            {
                written.Add(data);
            }
        }

        var b1 = _builder.Block(1, _builder.GenesisQc);
        var s1 = ConsensusBuilder.StateAfter(_builder.GenesisStateRoot, b1);
        Step(core.Start(now));
        Step(core.Handle(new ProposalReceived(new Proposal(b1, null)), now));
        Step(core.Handle(new BlockExecuted(b1.Id, s1), now));
        Step(core.Handle(new VoteReceived(_builder.Vote(b1, s1, 0)), now));
        Step(core.Handle(new VoteReceived(_builder.Vote(b1, s1, 1)), now));
        Assert.Empty(written);

        var proposing = core.Handle(new PayloadReady(2, [7]), now);
        Step(proposing);

        Assert.Single(proposing.Actions.OfType<BroadcastProposal>());
        Assert.Equal(2UL, Assert.Single(written).HighestProposedRound);
    }

    private SendVote SendVote()
    {
        var block = _builder.Block(3, _builder.GenesisQc);
        return new SendVote(1, _builder.Vote(block, _builder.GenesisStateRoot, 0));
    }
}
