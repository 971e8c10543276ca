namespace Ledger.Cli.Tests;

/// <summary>
/// `ledger wallet watch` with one unreachable `--node` does not stop at the first failure: it says
/// on stderr, once per retry, which node failed and when it tries again, and gives up (exit 5)
/// only after `--reconnect-for` (3 s here: room for two announced retries even when the first call
/// is slow to fail on a loaded machine). Bad values of that option are refused before any node is asked.
/// </summary>
public sealed class WalletWatchCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wallet-watch-" + Guid.NewGuid().ToString("N"));

    public WalletWatchCommandTests()
    {
        Directory.CreateDirectory(_dir);
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--orgs", "2", "--members-per-org", "1", "--out", P("tn")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    [Fact]
    public void Watch_SingleNodeUnreachable_RetriesWithAVisibleLineEachThenExitsFive()
    {
        (int code, _, string error) = CliRunner.Run("wallet", "watch", "org1-m1", "--profile", P("profile"), "--genesis", P("tn/genesis.json"),
            "--node", "127.0.0.1:1", "--from", "1", "--reconnect-for", "3");

        Assert.True(code == 5, $"exit {code}: {error}");
        Assert.Contains("node 127.0.0.1:1 failed", error, StringComparison.Ordinal);
        Assert.Contains("following 127.0.0.1:1 in 0.5 s (retry 1)", error, StringComparison.Ordinal);
        Assert.Contains("following 127.0.0.1:1 in 1 s (retry 2)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void Watch_BadReconnectFor_ExitsTwoWithoutAskingANode(string value)
    {
        (int code, _, string error) = CliRunner.Run("wallet", "watch", "org1-m1", "--profile", P("profile"), "--genesis", P("tn/genesis.json"),
            "--node", "127.0.0.1:1", "--reconnect-for", value);

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.DoesNotContain("127.0.0.1:1", error, StringComparison.Ordinal);
    }
}
