using Ledger.TestKit;

namespace Ledger.Consensus.Tests;

public sealed class ValidatorSetTests
{
    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(3, 0, 2)]
    [InlineData(4, 1, 3)]
    [InlineData(5, 1, 4)]
    [InlineData(6, 1, 4)]
    [InlineData(7, 2, 5)]
    [InlineData(10, 3, 7)]
    [InlineData(16, 5, 11)]
    public void Quorum_CommitteeSize_IsFloorOfNPlusFOverTwoPlusOne(int n, int f, int quorum)
    {
        var set = new ValidatorSet(TestKeys.ValidatorPublicKeys(n));

        Assert.Equal(f, set.MaxFaulty);
        Assert.Equal(quorum, set.QuorumSize);
        // Any two quorums share at least f + 1 validators.
        Assert.True((2 * set.QuorumSize) - n >= f + 1);
    }

    [Fact]
    public void Constructor_DuplicateKey_Throws()
    {
        var keys = TestKeys.ValidatorPublicKeys(3).Append(TestKeys.ValidatorPublicKeys(1)[0]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ValidatorSet(keys));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Empty_Throws() => Assert.Throws<ArgumentException>(() => new ValidatorSet([]));

    [Fact]
    public void LeaderOf_Round_RotatesInGenesisOrder()
    {
        var set = new ValidatorSet(TestKeys.ValidatorPublicKeys(4));

        Assert.Equal([1, 2, 3, 0, 1], new ulong[] { 1, 2, 3, 4, 5 }.Select(set.LeaderOf));
    }

    [Fact]
    public void WithScriptedLeaders_ScriptedRounds_LedByTheScriptOthersRotate()
    {
        var set = new ValidatorSet(TestKeys.ValidatorPublicKeys(4)).WithScriptedLeaders(new Dictionary<ulong, int> { [1] = 3, [2] = 3, [4] = 2 });

        Assert.Equal([3, 3, 3, 2, 1, 2], new ulong[] { 1, 2, 3, 4, 5, 6 }.Select(set.LeaderOf));
        Assert.Equal((4, 1, 3), (set.Count, set.MaxFaulty, set.QuorumSize));
    }

    [Fact]
    public void WithScriptedLeaders_OriginalSet_StillRotates()
    {
        var set = new ValidatorSet(TestKeys.ValidatorPublicKeys(4));

        _ = set.WithScriptedLeaders(new Dictionary<ulong, int> { [1] = 3 });

        Assert.Equal(1, set.LeaderOf(1));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(1UL, 4)]
    [InlineData(1UL, -1)]
    public void WithScriptedLeaders_RoundZeroOrUnknownLeader_Throws(ulong round, int leader)
    {
        var set = new ValidatorSet(TestKeys.ValidatorPublicKeys(4));

        Assert.Throws<ArgumentException>(() => set.WithScriptedLeaders(new Dictionary<ulong, int> { [round] = leader }));
    }

    [Fact]
    public void IndexOf_UnknownKey_IsMinusOne()
    {
        var set = new ValidatorSet(TestKeys.ValidatorPublicKeys(4));

        Assert.Equal(2, set.IndexOf(TestKeys.Validator(2).PublicKey));
        Assert.Equal(-1, set.IndexOf(TestKeys.Validator(9).PublicKey));
    }
}
