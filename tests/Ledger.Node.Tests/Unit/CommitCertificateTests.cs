using Ledger.Client.Evidence;

namespace Ledger.Node.Tests.Unit;

public sealed class CommitCertificateTests
{
    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        var certificate = new CommitCertificate([1, 2, 3], [[4, 5], [6]]);

        var decoded = CommitCertificate.Decode(certificate.Encode());

        Assert.Equal(certificate.Block, decoded.Block);
        Assert.Equal(certificate.QcChain, decoded.QcChain);
    }

    [Fact]
    public void Encode_GoldenBytes_MatchTheDocumentedLayout()
    {
        var bytes = new CommitCertificate([0xAA], [[0xBB, 0xCC]]).Encode();

        Assert.Equal(Convert.FromHexString("01" + "00000001AA" + "00000001" + "00000002BBCC"), bytes);
    }

    [Fact]
    public void WithoutBlock_GoldenBytes_HaveAnEmptyBlockAndTheSameChain()
    {
        var slim = new CommitCertificate([0xAA], [[0xBB, 0xCC]]).WithoutBlock();

        Assert.Equal(Convert.FromHexString("01" + "00000000" + "00000001" + "00000002BBCC"), slim.Encode());
        var decoded = CommitCertificate.Decode(slim.Encode());
        Assert.False(decoded.HasBlock);
        Assert.Equal(slim.QcChain, decoded.QcChain);
        Assert.Throws<FormatException>(() => decoded.DecodeBlock("chain"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("02000000010100000001000000010B")]
    [InlineData("01000000010100000000")]
    [InlineData("0100000001010000000100000002BB")]
    [InlineData("0100000001AA00000001000000010BFF")]
    public void Decode_Malformed_ThrowsFormatException(string hex)
    {
        Assert.Throws<FormatException>(() => CommitCertificate.Decode(Convert.FromHexString(hex)));
    }
}
