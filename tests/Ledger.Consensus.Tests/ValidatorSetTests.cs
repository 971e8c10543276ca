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
    public void IndexOf_UnknownKey_IsMinusOne()
    {
        var set = new ValidatorSet(TestKeys.ValidatorPublicKeys(4));

        Assert.Equal(2, set.IndexOf(TestKeys.Validator(2).PublicKey));
        Assert.Equal(-1, set.IndexOf(TestKeys.Validator(9).PublicKey));
    }
}
