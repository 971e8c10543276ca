using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

public sealed class ConsensusCoreRestartTests
{
    private readonly ConsensusBuilder _b = new(4);

    [Fact]
    public void Start_PersistedHighQcAboveRoot_EntersTheNextRoundAndAsksForTheBlock()
    {
        Block b1 = _b.Block(1, _b.GenesisQc);
        QuorumCertificate qc1 = _b.Qc(b1, ConsensusBuilder.StateAfter(_b.GenesisStateRoot, b1));
        var persisted = new Safety.SafetyData(1, 1, null, null, qc1);
        var h = new CoreHarness(_b.Core(3, persisted));

        IReadOnlyList<ConsensusAction> actions = h.Start();

        Assert.Equal(2UL, h.Core.CurrentRound);
        Assert.Equal(b1.Id, Assert.Single(actions.OfType<RequestBlocks>()).Request.TargetBlockId);
        RoundTimeout timeout = Assert.Single(h.Handle(new TimerFired(2)).OfType<BroadcastTimeout>()).Timeout;
        Assert.Equal(1UL, timeout.HighQc.Round);
    }

    [Fact]
    public void Timeouts_FloodAcrossTheRoundWindow_StayBounded()
    {
        var h = new CoreHarness(_b.Core(0));
        h.Start();
        ulong window = ConsensusParameters.ForTests().MaxRoundsAhead;

        for (ulong r = 2; r < 3 * window; r++)
        {
            h.Handle(new TimeoutReceived(_b.Timeout(r, _b.GenesisQc, 3)));
        }

        // One timeout per round inside the window at most, nothing beyond it.
        Assert.True(h.Core.RetainedItems <= 2 * (int)window + 2, $"{h.Core.RetainedItems} items retained");
        Assert.Equal(1UL, h.Core.CurrentRound);
    }
}
