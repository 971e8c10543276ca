using Ledger.Client.Requests;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Client.Tests;

public sealed class CommitWindowTests
{
    [Fact]
    public void For_Transfer_DeadlineIsTimestampPlusReplayWindow()
    {
        using var key = SigningKey.FromSeed(new byte[32]);
        var transfer = Transfer.Create("chain", key, key.PublicKey, 1, new TransferNonce(1, 2), 1_000_000);

        var window = CommitWindow.For(transfer, new LedgerParameters { ReplayWindowMs = 600_000, MaxClockSkewMs = 30_000 });

        Assert.Equal(1_600_000, window.DeadlineMs);
        Assert.Equal(970_000, window.EarliestMs);
    }

    [Fact]
    public void HasPassed_CertifiedTimeAtOrBeforeDeadline_IsFalseAfterIsTrue()
    {
        var window = new CommitWindow(0, 1_600_000);

        // A block at exactly the deadline may still include it (T - window <= timestamp).
        Assert.False(window.HasPassed(1_600_000));
        Assert.True(window.HasPassed(1_600_001));
    }
}
