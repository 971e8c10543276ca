using Ledger.Consensus.Core;

namespace Ledger.Consensus.Tests.Epochs;

/// <summary>Validator-set changes on a network of honest cores (docs/PROTOCOL.md, "Epochs").</summary>
public sealed class EpochSwitchTests
{
    [Fact]
    public void Reconfigure_AddIdleFifthValidator_EveryoneEntersEpochOneAndTheNewcomerSigns()
    {
        var net = new EpochNetwork();
        net.Start();
        net.Submit(1);
        net.RunUntil(500);
        net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 3, 4));
        net.RunUntil(2_000);
        net.Submit(2);
        net.Submit(3);
        net.RunUntil(6_000);

        for (int slot = 0; slot < EpochNetwork.Slots; slot++)
        {
            Assert.Equal(1UL, net.Core(slot).Epoch);
            Assert.True(net.HasCommitted(slot, 2), $"slot {slot} did not commit a transaction of epoch 1");
        }

        Assert.True(net.Core(4).IsMember);
        Assert.Contains(net.Signed, s => s.Slot == 4 && s.Epoch == 1);
        Assert.DoesNotContain(net.Signed, s => s.Slot == 4 && s.Epoch == 0);
        AssertSameChains(net);
    }

    [Fact]
    public void Reconfigure_StepCommittingTheEpochEnd_PersistsTheOldEpochsDataAndTheFirstNewSignaturePersistsTheNew()
    {
        // Bug 13: the switch step's safety data is written before its CommitBlocks is carried out;
        // were it the next epoch's, a crash in between would leave the replica unable to sign in the old one.
        var net = new EpochNetwork();
        net.Start();
        net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 3, 4));
        net.RunUntil(2_000);
        net.Submit(9);
        net.RunUntil(6_000);

        for (int slot = 0; slot < 4; slot++)
        {
            var steps = net.Steps.Where(s => s.Slot == slot).ToList();
            int switched = steps.FindLastIndex(s => s.EpochBefore == 0);
            Assert.Equal(1UL, net.Core(slot).Epoch);
            Assert.Contains(steps[switched].Outputs.Actions, a => a is CommitBlocks);
            Assert.True(steps[switched].Outputs.PersistFirst is null or { Epoch: 0 }, $"slot {slot} persisted {steps[switched].Outputs.PersistFirst} in the switch step");
            int firstNewSignature = steps.FindIndex(switched + 1, s => s.Outputs.Actions.Any(a => a is SendVote or BroadcastTimeout or BroadcastProposal));
            Assert.True(firstNewSignature > switched, $"slot {slot} signed nothing in epoch 1");
            // Persisted with it or earlier (an observed certificate), but only after the switch step.
            Assert.Contains(steps.Skip(switched + 1).Take(firstNewSignature - switched), s => s.Outputs.PersistFirst is { Epoch: 1 });
        }
    }

    [Fact]
    public void Reconfigure_ReplaceValidatorThree_RemovedOneFollowsButNeverSignsInEpochOne()
    {
        var net = new EpochNetwork();
        net.Start();
        net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 4));
        net.RunUntil(2_000);
        net.Submit(7);
        net.RunUntil(6_000);

        Assert.False(net.Core(3).IsMember);
        Assert.Equal(1UL, net.Core(3).Epoch);
        Assert.True(net.HasCommitted(3, 7));
        Assert.DoesNotContain(net.Signed, s => s.Slot == 3 && s.Epoch == 1);
        AssertSameChains(net);
    }

    [Fact]
    public void Reconfigure_EpochEndingBlock_IsTheLastCommittedBlockOfItsEpochAndTheNextStartsOnIt()
    {
        var net = new EpochNetwork();
        net.Start();
        net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 3, 4));
        net.RunUntil(2_000);
        net.Submit(9);
        net.RunUntil(6_000);

        IReadOnlyList<Messages.Block> chain = net.Committed(0);
        int end = chain.ToList().FindIndex(b => b.Payload.IndexOf(EpochNetwork.Reconfigure(0, 1, 2, 3, 4)) >= 0);
        Assert.True(end >= 0);
        Assert.All(chain.Take(end + 1), b => Assert.Equal(0UL, b.Epoch));
        Assert.All(chain.Skip(end + 1), b => Assert.Equal(1UL, b.Epoch));
        Assert.True(chain.Count > end + 1, "nothing committed in epoch 1");
        Messages.Block first = chain[end + 1];
        Assert.Equal(chain[end].Id, first.ParentId);
        Assert.Equal(1UL, first.Round);
        Assert.True(first.Justify.IsGenesis);
    }

    [Fact]
    public void Respond_EpochEndEvidenceOverTheByteLimit_StopsOneBlockShortWithinTheLimit()
    {
        var net = new EpochNetwork();
        net.Start();
        net.Submit(1);
        net.RunUntil(500);
        net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 3, 4));
        net.RunUntil(3_000);
        IReadOnlyList<Messages.Block> chain = net.Committed(0);
        var request = new Messages.SyncRequest(chain[^1].Id, 0);
        Messages.SyncResponse full = Sync.SyncResponder.Respond(request, net.BlockSource(0), 1_000);
        Assert.NotEmpty(full.EpochEndQcs);
        long blockBytes = full.Blocks.Sum(Codec.ConsensusCodec.EncodedLength);
        long evidenceBytes = full.EpochEndQcs.Sum(q => (long)Codec.ConsensusCodec.EncodedLength(q));

        // Room for every block but not for the evidence beside them: the evidence counts, so the
        // block it proves waits for the next answer.
        long limit = Codec.ConsensusCodec.SyncResponseOverhead + blockBytes + evidenceBytes - 1;
        Messages.SyncResponse limited = Sync.SyncResponder.Respond(request, net.BlockSource(0), 1_000, limit);

        Assert.Empty(limited.EpochEndQcs);
        Assert.Equal(full.Blocks.Count - 1, limited.Blocks.Count);
        Assert.Equal(full.Blocks[^1].Justify.BlockId, limited.TipQc!.BlockId);
    }

    [Fact]
    public void Reconfigure_ReplicaCutOffDuringTheSwitch_CatchesUpAcrossTheBoundaryBySync()
    {
        var net = new EpochNetwork();
        net.Start();
        net.Submit(1);
        net.RunUntil(500);
        net.Partition(2);
        net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 3, 4));
        net.RunUntil(3_000);
        net.Submit(5);
        net.RunUntil(5_000);
        Assert.Equal(0UL, net.Core(2).Epoch);

        net.Heal();
        net.Submit(6);
        net.RunUntil(12_000);

        Assert.Equal(1UL, net.Core(2).Epoch);
        Assert.True(net.HasCommitted(2, 6), "the cut-off replica did not commit in epoch 1 after healing");
        AssertSameChains(net);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Reconfigure_RestartRightAfterTheSwitch_ResumesInTheNewEpoch(int slot)
    {
        var net = new EpochNetwork();
        net.Start();
        net.Submit(EpochNetwork.Reconfigure(0, 1, 2, 3, 4));
        net.RunUntil(2_000);
        Assert.Equal(1UL, net.Core(slot).Epoch);

        net.Restart(slot);
        net.Submit(8);
        net.RunUntil(6_000);

        Assert.Equal(1UL, net.Core(slot).Epoch);
        Assert.True(net.HasCommitted(slot, 8));
        AssertSameChains(net);
    }

    [Fact]
    public void Reconfigure_AfterTheSwitch_OldEpochMessagesAreRejectedAsStale()
    {
        var net = new EpochNetwork();
        net.Start();
        net.Partition(1);
        net.Submit(EpochNetwork.Reconfigure(0, 2, 3, 4));
        net.RunUntil(2_000);

        // Validator 1, cut off, never saw the change and keeps timing out in epoch 0.
        net.Heal();
        net.RunUntil(4_000);

        Assert.Contains(net.Rejections, r => r.Slot != 1 && r.Rejection.Reason.StartsWith("stale epoch", StringComparison.Ordinal));
    }

    private static void AssertSameChains(EpochNetwork net)
    {
        IReadOnlyList<Messages.Block> longest = Enumerable.Range(0, EpochNetwork.Slots).Select(net.Committed).MaxBy(c => c.Count)!;
        for (int slot = 0; slot < EpochNetwork.Slots; slot++)
        {
            IReadOnlyList<Messages.Block> chain = net.Committed(slot);
            for (int i = 0; i < chain.Count; i++)
            {
                Assert.Equal(longest[i].Id, chain[i].Id);
            }
        }
    }
}
