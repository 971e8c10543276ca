using Ledger.Addresses;
using Ledger.Crypto;
using Ledger.Genesis;

namespace Ledger.Cli.Tests;

/// <summary>
/// `ledger wallet address` prints a key's, certificate's or member's address; a mistyped
/// recipient address is refused with exit 2 before anything is signed or sent (the node named does
/// not even exist: reaching it would fail with another exit code).
/// </summary>
public sealed class WalletAddressCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wallet-address-" + Guid.NewGuid().ToString("N"));

    public WalletAddressCommandTests()
    {
        Directory.CreateDirectory(_dir);
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--orgs", "2", "--members-per-org", "1", "--out", P("tn")).ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    private string Genesis => P("tn/genesis.json");

    private string ExpectedAddress(string member)
    {
        GenesisDocument genesis = GenesisDocument.Load(Genesis);
        return AddressCodec.ForChain(genesis.ChainId).Encode(PublicKey.FromHex(genesis.Members.Single(m => m.Name == member).PublicKey));
    }

    [Fact]
    public void Address_KeyCertificateOrMemberName_PrintTheSameAddress()
    {
        string expected = ExpectedAddress("org1-m1");
        Assert.StartsWith("ledger-testnet1", expected, StringComparison.Ordinal);

        foreach (string[] source in new[] { new[] { "--key", P("tn/members/org1-m1/key.pem") }, ["--cert", P("tn/members/org1-m1/cert.pem")], ["--account", "org1-m1"] })
        {
            (int code, string output, string error) = CliRunner.Run(["wallet", "address", "--profile", P("profile"), "--genesis", Genesis, .. source]);
            Assert.True(code == 0, $"{string.Join(' ', source)}: exit {code}: {error}");
            Assert.Equal(expected, output.Trim());
            Assert.Equal(string.Empty, error);
        }
    }

    [Fact]
    public void Address_NoneOrTwoSources_IsAUsageError()
    {
        Assert.Equal(2, CliRunner.Run("wallet", "address", "--profile", P("profile"), "--genesis", Genesis).ExitCode);
        Assert.Equal(2, CliRunner.Run("wallet", "address", "--profile", P("profile"), "--genesis", Genesis, "--account", "org1-m1", "--key", P("tn/members/org1-m1/key.pem")).ExitCode);
        (int code, _, string error) = CliRunner.Run("wallet", "address", "--profile", P("profile"), "--genesis", Genesis, "--account", "org9-m9");
        Assert.Equal(2, code);
        Assert.Contains("org9-m9", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Transfer_MistypedRecipientAddress_ExitsTwoBeforeSigningOrSending()
    {
        string address = ExpectedAddress("org2-m1");
        int position = 40;
        string typo = address[..position] + (address[position] == 'q' ? 'p' : 'q') + address[(position + 1)..];

        (int code, string output, string error) = CliRunner.Run(
            "wallet", "transfer", "--profile", P("profile"), "--node", "127.0.0.1:9", "--genesis", Genesis, "--key", P("tn/members/org1-m1/key.pem"), "--to", typo, "--amount", "5");

        Assert.True(code == 2, $"exit {code}: {output} {error}");
        Assert.Contains($"character {position + 1} ('{typo[position]}') is probably mistyped", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.False(Directory.Exists(P("profile/journal")) && Directory.EnumerateFileSystemEntries(P("profile/journal")).Any(), "nothing may be journaled (signed) for a refused recipient");
    }

    [Fact]
    public void Balance_MistypedAccountAddress_ExitsTwo()
    {
        string address = ExpectedAddress("org1-m1");
        (int code, _, string error) = CliRunner.Run("wallet", "balance", "--profile", P("profile"), "--node", "127.0.0.1:9", "--genesis", Genesis, "--account", address[..^1]);
        Assert.Equal(2, code);
        Assert.Contains("not a valid address", error, StringComparison.Ordinal);
    }
}
