using Ledger.Node.Configuration;

namespace Ledger.Node.Tests.Unit;

public sealed class HostPortTests
{
    [Theory]
    [InlineData("127.0.0.1:7100", "127.0.0.1", 7100)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void TryParse_ValidEndpoint_SplitsHostAndPort(string text, string host, int port)
    {
        Assert.True(HostPort.TryParse(text, out var endpoint));
        Assert.Equal(new HostPort(host, port), endpoint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":7100")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-5")]
    [InlineData("127.0.0.1:71a")]
    public void TryParse_Malformed_Refuses(string? text)
    {
        Assert.False(HostPort.TryParse(text, out _));
    }

    [Fact]
    public void Ipv6Host_PrintsAndDialsInBrackets()
    {
        HostPort endpoint = HostPort.Parse("[::1]:7100");

        Assert.Equal("::1", endpoint.Host);
        Assert.Equal("[::1]:7100", endpoint.ToString());
        Assert.Equal(new Uri("https://[::1]:7100"), endpoint.ToHttpsUri());
    }
}
