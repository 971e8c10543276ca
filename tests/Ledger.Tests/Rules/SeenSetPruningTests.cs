using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;

namespace Ledger.Tests.Rules;

/// <summary>
/// The seen-set's expiry index and commitment forget pruned entries: an expired nonce is pruned
/// exactly once and leaves nothing behind in the state commitment.
/// </summary>
public sealed class SeenSetPruningTests
{
    private static readonly TestChain Chain = TestChain.Create();

    [Fact]
    public void Execute_AfterEveryEntryExpired_SeenCommitmentIsEmptyAndNothingIsPrunedTwice()
    {
        var h = new ExecutionHarness(Chain);
        h.Run(0, Chain.Transfer(0, 1, 10, h.TimestampMs), Chain.Transfer(1, 2, 10, h.TimestampMs));
        Assert.NotEqual(SeenIndex.Empty.Root, h.State.SeenByExpiry.Root);

        ExecutionResult pruning = h.Run(60_001);
        ExecutionResult later = h.Run(1);

        Assert.Equal(2, pruning.Changes.SeenPruned.Count);
        Assert.Empty(later.Changes.SeenPruned);
        Assert.Equal(SeenIndex.Empty.Root, h.State.SeenByExpiry.Root);
        Assert.Equal(0, h.State.SeenCount);
    }
}
