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

    [Fact]
    public void Settled_CountSettledButFourValidatorsCompilingFivePercentOfACoreEach_IsFalse()
    {
        // The count grew 0.1% but the optimising recompiles took 0.2 s of four validators' second.
        Assert.False(JitWarmUp.Settled(new JitReading(72_000, 10.0), new JitReading(72_072, 10.2), TimeSpan.FromSeconds(1), validators: 4));
    }

    [Fact]
    public void Settled_CountAndCompileTimeBothSettled_IsTrue()
    {
        // 0.02 s over four validators in a second: half a percent of a core each.
        Assert.True(JitWarmUp.Settled(new JitReading(72_000, 10.0), new JitReading(72_072, 10.02), TimeSpan.FromSeconds(1), validators: 4));
    }

    [Fact]
    public void Settled_CompileTimeSettledButCountGrowing_IsFalse()
    {
        Assert.False(JitWarmUp.Settled(new JitReading(72_000, 10.0), new JitReading(74_000, 10.0), TimeSpan.FromSeconds(1), validators: 4));
    }

    [Fact]
    public void Settled_NoCompileTimeExported_JudgesByTheCountAlone()
    {
        Assert.True(JitWarmUp.Settled(new JitReading(72_000, 0), new JitReading(72_072, 0), TimeSpan.FromSeconds(1), validators: 4));
    }
}
