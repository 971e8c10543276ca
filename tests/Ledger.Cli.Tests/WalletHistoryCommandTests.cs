namespace Ledger.Cli.Tests;

/// <summary>
/// `ledger wallet history`'s bad input is refused with exit 2 before any node is asked (the node
/// named does not exist: reaching for it would exit 5).
/// </summary>
public sealed class WalletHistoryCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wallet-history-" + Guid.NewGuid().ToString("N"));

    public WalletHistoryCommandTests()
    {
        Directory.CreateDirectory(_dir);
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--orgs", "2", "--members-per-org", "1", "--out", P("tn")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    [Theory]
    [InlineData("--before", "abc")]
    [InlineData("--before", "0")]
    [InlineData("--before", "5:x")]
    [InlineData("--before", "5:1:2")]
    [InlineData("--limit", "0")]
    [InlineData("--account", "org9-m9")]
    public void History_BadInput_ExitsTwoWithoutAskingANode(string option, string value)
    {
        (int code, _, string error) = CliRunner.Run("wallet", "history", "org1-m1", "--profile", P("profile"), "--genesis", P("tn/genesis.json"), "--node", "127.0.0.1:1", option, value);

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.DoesNotContain("127.0.0.1:1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBefore_HeightOrHeightAndIndex_TheCursorAPageNamed()
    {
        Assert.Equal((0UL, 0U), Commands.WalletHistoryCommand.ParseBefore(null));
        Assert.Equal((7UL, 0U), Commands.WalletHistoryCommand.ParseBefore("7"));
        Assert.Equal((7UL, 3U), Commands.WalletHistoryCommand.ParseBefore("7:3"));
    }
}
