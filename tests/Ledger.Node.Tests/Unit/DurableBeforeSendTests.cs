using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Node.Runtime;
using Ledger.Storage;
using Ledger.TestKit;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Node.Tests.Unit;

/// <summary>Nothing signed leaves before the blocks it votes for and the safety record are on the device; the two flushes overlap.</summary>
public sealed class DurableBeforeSendTests : IDisposable
{
    private static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(5);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "durable-send-" + Guid.NewGuid().ToString("N"));
    private readonly ConsensusBuilder _builder = new(4);
    private readonly List<string> _events = [];
    private readonly Lock _gate = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Carry_VoteForABlockSavedInTheSameBatch_LeavesAfterBothFlushesWhichOverlap()
    {
        // Both flushes wait for each other at a barrier: done one after the other, the first would time out.
        using var barrier = new Barrier(2);
        var durability = new BarrierDurability(barrier, () => Record("blocks flushed"));
        var pending = OpenStore(durability);
        var safetyMetBlocks = false;
        var sends = new DurableBeforeSend(pending, _ =>
        {
            safetyMetBlocks = barrier.SignalAndWait(BarrierTimeout);
            Record("safety written");
        });
        var block = _builder.Block(3, _builder.GenesisQc, payload: "voted");

        sends.Carry(new ConsensusOutputs(new SafetyData(3, 2, null, null), [new ExecuteBlock(block, _builder.GenesisStateRoot), SendVote(block)]), action => CarryAction(action, pending));

        Assert.True(safetyMetBlocks, "the safety record's flush did not overlap the blocks' flush");
        Assert.True(durability.MetSafety, "the blocks' flush did not overlap the safety record's flush");
        Assert.Equal(["ExecuteBlock", "blocks flushed", "safety written", "SendVote"], Ordered());
        Assert.False(pending.HasUnflushed);
    }

    [Fact]
    public void Carry_NothingSignedLeaving_NothingFlushed()
    {
        var durability = new BarrierDurability(null, () => Record("blocks flushed"));
        var pending = OpenStore(durability);
        var sends = new DurableBeforeSend(pending, _ => Record("safety written"));
        var block = _builder.Block(3, _builder.GenesisQc, payload: "executed");

        sends.Carry(new ConsensusOutputs(new SafetyData(0, 2, null, null), [new ExecuteBlock(block, _builder.GenesisStateRoot), new SetTimer(3, 100)]), action => CarryAction(action, pending));

        Assert.Equal(["ExecuteBlock", "SetTimer"], Ordered());
        Assert.True(pending.HasUnflushed);
    }

    [Fact]
    public void Carry_BlockSavedEarlierAndNoSafetyDue_BlocksFlushedBeforeTheSignedAction()
    {
        var durability = new BarrierDurability(null, () => Record("blocks flushed"));
        var pending = OpenStore(durability);
        var sends = new DurableBeforeSend(pending, _ => Record("safety written"));
        var block = _builder.Block(3, _builder.GenesisQc, payload: "earlier");
        sends.Carry(new ConsensusOutputs(null, [new ExecuteBlock(block, _builder.GenesisStateRoot)]), action => CarryAction(action, pending));

        sends.Carry(new ConsensusOutputs(null, [new SetTimer(3, 100), SendVote(block)]), action => CarryAction(action, pending));

        Assert.Equal(["ExecuteBlock", "SetTimer", "blocks flushed", "SendVote"], Ordered());
    }

    private PendingBlockStore OpenStore(BarrierDurability durability)
    {
        // The log exists (and its name is durable) before the test, so a flush is one file flush.
        var pending = new PendingBlockStore(_directory, _builder.ChainId, durability);
        pending.Save(_builder.Block(1, _builder.GenesisQc, payload: "first"));
        durability.Quiet = true;
        pending.FlushSaved();
        durability.Quiet = false;
        return pending;
    }

    private void CarryAction(ConsensusAction action, PendingBlockStore pending)
    {
        if (action is ExecuteBlock execute)
        {
            pending.Save(execute.Block);
        }

        Record(action.GetType().Name);
    }

    private SendVote SendVote(Block block) => new(1, _builder.Vote(block, _builder.GenesisStateRoot, 0));

    private void Record(string what)
    {
        lock (_gate)
        {
            _events.Add(what);
        }
    }

    /// <summary>The events in order; the two flushes of one wait in a fixed order, since they may finish either way round.</summary>
    private List<string> Ordered()
    {
        lock (_gate)
        {
            var events = _events.ToList();
            int blocks = events.IndexOf("blocks flushed");
            int safety = events.IndexOf("safety written");
            if (blocks >= 0 && safety >= 0 && Math.Abs(blocks - safety) == 1 && safety < blocks)
            {
                (events[blocks], events[safety]) = (events[safety], events[blocks]);
            }

            return events;
        }
    }

    /// <summary>
    /// The operating system's flush, done after meeting the safety write at <paramref name="barrier"/> (when
    /// given), so the flush's own device time lies between the meeting and the event it reports.
    /// </summary>
    private sealed class BarrierDurability(Barrier? barrier, Action flushed) : IFileDurability
    {
        public bool MetSafety { get; private set; }

        public bool Quiet { get; set; }

        public void FlushFile(SafeFileHandle file)
        {
            if (!Quiet && barrier is not null)
            {
                MetSafety = barrier.SignalAndWait(BarrierTimeout);
            }

            OsFileDurability.Instance.FlushFile(file);
            if (!Quiet)
            {
                flushed();
            }
        }

        public void FlushDirectory(string directory) => OsFileDurability.Instance.FlushDirectory(directory);
    }
}
