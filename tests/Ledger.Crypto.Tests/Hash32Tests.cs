namespace Ledger.Crypto.Tests;

public sealed class Hash32Tests
{
    [Fact]
    public void Nibble_EveryIndex_MatchesTheHexDigitAtThatIndex()
    {
        Hash32 hash = Hash32.Sha256("nibbles"u8);
        string hex = hash.ToHex();
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(Convert.ToInt32(hex[i].ToString(), 16), hash.Nibble(i));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(64)]
    public void Nibble_OutsideTheHash_Throws(int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hash32.Zero.Nibble(index));
    }

    [Fact]
    public void CompareTo_OrdersAsTheBytes()
    {
        Hash32 low = Hash32.FromHex("00" + new string('f', 62));
        Hash32 high = Hash32.FromHex("01" + new string('0', 62));
        Assert.True(low < high);
        Assert.Equal(string.CompareOrdinal(low.ToHex(), high.ToHex()) < 0, low.CompareTo(high) < 0);
    }

    [Fact]
    public void Sha256_EveryLengthAroundTheOneBlockBoundary_MatchesThePlatformSha256()
    {
        // Short inputs go to libsodium and long ones to OpenSSL: both must give SHA-256.
        byte[] data = new byte[600];
        new Random(7).NextBytes(data);
        for (int length = 0; length < data.Length; length++)
        {
            byte[] expected = System.Security.Cryptography.SHA256.HashData(data.AsSpan(0, length));
            Assert.Equal(Convert.ToHexStringLower(expected), Hash32.Sha256(data.AsSpan(0, length)).ToHex());
        }
    }

    [Fact]
    public void Sha256_Fips180Abc_IsThePublishedDigest()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hash32.Sha256("abc"u8).ToHex());
    }
}
