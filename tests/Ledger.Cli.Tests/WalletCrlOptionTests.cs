using System.Text.Json;

namespace Ledger.Cli.Tests;

/// <summary>
/// `--crl` gives the wallet CRLs to honour when it checks a node's TLS certificate. A file that is
/// no CRL, or a CRL the genesis organisations' CAs did not sign, is bad input (exit 2) before any
/// node is asked (the node named does not exist: reaching it would fail with exit 5);
/// `wallet init --crl` keeps the paths in the profile.
/// </summary>
public sealed class WalletCrlOptionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wallet-crl-" + Guid.NewGuid().ToString("N"));

    public WalletCrlOptionTests()
    {
        Directory.CreateDirectory(_dir);
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--orgs", "2", "--members-per-org", "1", "--out", P("tn")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    private string Genesis => P("tn/genesis.json");

    [Fact]
    public void Balance_CrlOfAnotherNetwork_ExitsTwoNamingTheFile()
    {
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--orgs", "2", "--members-per-org", "1", "--out", P("other")).ExitCode);

        (int code, _, string error) = Balance("--crl", P("other/orgs/org1/crl.pem"));

        Assert.Equal(2, code);
        Assert.Contains("other/orgs/org1/crl.pem", error, StringComparison.Ordinal);
        Assert.Contains("refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Balance_FileIsNoCrl_ExitsTwo()
    {
        (int code, _, string error) = Balance("--crl", P("tn/orgs/org1/ca.crt.pem"));

        Assert.Equal(2, code);
        Assert.Contains("is not a CRL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_WithCrls_KeepsTheirPathsAndUsesThem()
    {
        string crl = P("tn/orgs/org2/crl.pem");
        (int init, _, string initError) = CliRunner.Run("wallet", "init", "--profile", P("profile"), "--genesis", Genesis, "--node", "127.0.0.1:1", "--key", P("tn/members/org1-m1/key.pem"), "--crl", crl);
        Assert.True(init == 0, initError);
        using var profile = JsonDocument.Parse(File.ReadAllText(P("profile/profile.json")));
        Assert.Equal([Path.GetFullPath(crl)], profile.RootElement.GetProperty("crls").EnumerateArray().Select(e => e.GetString()));

        // The profile's CRL is read by every command: replaced by something else, it is refused.
        File.Copy(P("tn/orgs/org2/ca.crt.pem"), crl, overwrite: true);
        (int code, _, string error) = CliRunner.Run("wallet", "balance", "--profile", P("profile"));

        Assert.Equal(2, code);
        Assert.Contains("is not a CRL", error, StringComparison.Ordinal);
    }

    private (int ExitCode, string Output, string Error) Balance(params string[] more) =>
        CliRunner.Run(["wallet", "balance", "--profile", P("profile"), "--genesis", Genesis, "--node", "127.0.0.1:1", "--account", "org1-m1", .. more]);
}
