using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests;

public sealed class OutstandingWindowTests
{
    [Fact]
    public async Task MayOfferAsync_WindowFull_WaitsUntilACommitFreesASlot()
    {
        using var window = new OutstandingWindow(2, () => false);

        Assert.True(await window.MayOfferAsync(CancellationToken.None));
        Assert.True(await window.MayOfferAsync(CancellationToken.None));
        ValueTask<bool> third = window.MayOfferAsync(CancellationToken.None);

        Assert.False(third.IsCompleted);
        Assert.Equal(2, window.Outstanding);
        window.Committed(1);
        Assert.True(await third);
        Assert.Equal(2, window.Outstanding);
    }

    [Fact]
    public async Task Committed_MoreThanWasOffered_FreesOnlyWhatWasTaken()
    {
        using var window = new OutstandingWindow(2, () => false);
        Assert.True(await window.MayOfferAsync(CancellationToken.None));

        window.Committed(5);

        Assert.Equal(0, window.Outstanding);
        Assert.True(await window.MayOfferAsync(CancellationToken.None));
        Assert.True(await window.MayOfferAsync(CancellationToken.None));
        Assert.False(window.MayOfferAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task MayOfferAsync_TimeUp_SaysStopAndTakesNoSlot()
    {
        bool up = false;
        using var window = new OutstandingWindow(4, () => up);
        Assert.True(await window.MayOfferAsync(CancellationToken.None));

        up = true;

        Assert.False(await window.MayOfferAsync(CancellationToken.None));
        Assert.Equal(1, window.Outstanding);
    }
}
