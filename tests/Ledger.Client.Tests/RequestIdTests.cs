using Ledger.Client.Requests;

namespace Ledger.Client.Tests;

public sealed class RequestIdTests
{
    [Theory]
    [InlineData("invoice-2026-0042")]
    [InlineData("a")]
    [InlineData("A.b_c:d-9")]
    public void Parse_AllowedCharacters_KeepsTheTextExactly(string text)
    {
        Assert.Equal(text, RequestId.Parse(text).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("slash/")]
    [InlineData("é")]
    public void Parse_ForbiddenText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => RequestId.Parse(text));
    }

    [Fact]
    public void Parse_LongerThanMax_ThrowsFormatException()
    {
        Assert.Equal(64, RequestId.Parse(new string('x', RequestId.MaxLength)).Value.Length);
        Assert.Throws<FormatException>(() => RequestId.Parse(new string('x', RequestId.MaxLength + 1)));
    }

    [Fact]
    public void New_TwoCalls_AreDistinctValidIds()
    {
        var first = RequestId.New(TimeProvider.System);
        var second = RequestId.New(TimeProvider.System);

        Assert.NotEqual(first, second);
        Assert.Equal(first, RequestId.Parse(first.Value));
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{12}$", first.Value);
    }
}
