using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests;

public sealed class JitWarmUpTests
{
    [Fact]
    public void Settled_CountStillGrowingThreePercentASecond_IsFalse()
    {
        Assert.False(JitWarmUp.Settled(18_000, 18_540, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Settled_CountGrowingATenthOfAPercentASecond_IsTrue()
    {
        Assert.True(JitWarmUp.Settled(18_000, 18_018, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Settled_SameGrowthOverHalfTheTime_IsFalse()
    {
        // 0.4% in half a second is 0.8% a second.
        Assert.False(JitWarmUp.Settled(18_000, 18_072, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void Settled_NoCountExported_IsTrue()
    {
        Assert.True(JitWarmUp.Settled(0, 0, TimeSpan.FromSeconds(1)));
    }
}
