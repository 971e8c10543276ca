using System.Text.Json;
using Ledger.Node.Testnet;
using Xunit.Abstractions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// A member's life from the command line, on four real validator processes: `wallet keygen` ->
/// `pki sign-csr` -> `wallet enroll` -> it receives and sends -> `pki revoke` + `wallet revoke`
/// -> it can neither send nor receive (exit 3 with the reason code) and `pki verify` refuses its
/// certificate given the CRL the ledger committed; `node status` reports the node's claims.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecondProcessClusterCollection.Name)]
public sealed class MembershipLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MemberLifecycle_KeygenSignEnrollTransactRevoke_RevokedMemberCanNeitherSendNorReceive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var cluster = new ClusterHarness(basePort: 9300);
        cluster.Network.StartAll();
        await cluster.WaitAsync(cluster.Network.Validators.Select(v => v.Name), s => s.All(x => x.CommittedHeight >= 2), TimeSpan.FromSeconds(60), "network start", timeout.Token);

        var node = cluster.ClientEndpoint(cluster.Network.Validators[0].Name);
        var other = cluster.ClientEndpoint(cluster.Network.Validators[1].Name);
        var genesis = cluster.Network.GenesisPath;
        var profile = cluster.ProfileFolder("member");
        var orgFolder = Path.Combine(cluster.Network.Directory, TestnetBuilder.OrgsFolder, "org1");
        var memberFolder = Path.Combine(cluster.Network.Directory, "newcomer");
        var certificate = Path.Combine(memberFolder, "cert.pem");
        string[] Wallet(params string[] args) => [.. args, "--profile", profile, "--genesis", genesis, "--node", node, "--node", other, "--json"];

        // keygen: the key and the request; only the request goes to the CA.
        var keygen = await RunAsync("wallet", "keygen", "--out", memberFolder, "--org", "org1", "--name", "newcomer", "--genesis", genesis, "--json");
        Assert.Equal(0, keygen.Exit);
        var keyPath = keygen.Json.GetProperty("key").GetString()!;
        var account = keygen.Json.GetProperty("account").GetString()!;

        // sign-csr: the CA issues from the request alone.
        var signed = await RunRawAsync("pki", "sign-csr", "--ca", orgFolder, "--csr", keygen.Json.GetProperty("certificateRequest").GetString()!, "--out", certificate);
        Assert.True(signed.Exit == 0, signed.Error);

        // enroll: committed and proven.
        var enroll = await RunAsync(Wallet("wallet", "enroll", "--cert", certificate, "--key", keyPath));
        Assert.Equal(0, enroll.Exit);
        Assert.Equal("committed", enroll.Json.GetProperty("outcome").GetString());
        Assert.Equal("Success", enroll.Json.GetProperty("code").GetString());
        Assert.True(enroll.Json.GetProperty("verified").GetBoolean());
        Assert.Equal(account, enroll.Json.GetProperty("account").GetString());

        // The new member receives, then sends.
        var receive = await RunAsync(Wallet("wallet", "transfer", "--key", cluster.MemberKeyPaths[0], "--to", account, "--amount", "50"));
        Assert.Equal(0, receive.Exit);
        var send = await RunAsync(Wallet("wallet", "transfer", "--key", keyPath, "--to", cluster.Members[1].PublicKey.ToHex(), "--amount", "10"));
        Assert.Equal(0, send.Exit);
        var balance = await RunAsync(Wallet("wallet", "balance", "--account", account));
        Assert.Equal(40UL, balance.Json.GetProperty("balance").GetUInt64());

        // The admin revokes: the CA's CRL, then on the ledger.
        var crl = await RunRawAsync("pki", "revoke", "--ca", orgFolder, "--cert", certificate);
        Assert.True(crl.Exit == 0, crl.Error);
        var revoke = await RunAsync(Wallet("wallet", "revoke", "--crl", Path.Combine(orgFolder, PkiLayout.CrlFile)));
        Assert.Equal(0, revoke.Exit);
        Assert.Equal("committed", revoke.Json.GetProperty("outcome").GetString());
        Assert.True(revoke.Json.GetProperty("verified").GetBoolean());

        // From that block it can neither send nor receive.
        var sendAfter = await RunAsync(Wallet("wallet", "transfer", "--key", keyPath, "--to", cluster.Members[1].PublicKey.ToHex(), "--amount", "1"));
        Assert.Equal(3, sendAfter.Exit);
        Assert.Equal("SenderRevoked", sendAfter.Json.GetProperty("code").GetString());
        var receiveAfter = await RunAsync(Wallet("wallet", "transfer", "--key", cluster.MemberKeyPaths[0], "--to", account, "--amount", "1"));
        Assert.Equal(3, receiveAfter.Exit);
        Assert.Equal("RecipientRevoked", receiveAfter.Json.GetProperty("code").GetString());

        // Its balance shows the proven status.
        var balanceAfter = await RunAsync(Wallet("wallet", "balance", "--account", account));
        Assert.Equal(0, balanceAfter.Exit);
        Assert.Equal("revoked", balanceAfter.Json.GetProperty("status").GetString());
        Assert.True(balanceAfter.Json.GetProperty("verified").GetBoolean());
        Assert.Equal(40UL, balanceAfter.Json.GetProperty("balance").GetUInt64());

        // pki verify refuses the certificate given the CRL the ledger committed.
        var verify = await RunRawAsync("pki", "verify", certificate, "--trust", Path.Combine(orgFolder, PkiLayout.CaCertificateFile), "--crl", Path.Combine(orgFolder, PkiLayout.CrlFile));
        Assert.Equal(1, verify.Exit);
        Assert.Contains("INVALID Revoked", verify.Output, StringComparison.Ordinal);

        // node status: the node's claims.
        var status = await RunAsync("node", "status", "--node", node, "--genesis", genesis, "--profile", profile, "--json");
        Assert.Equal(0, status.Exit);
        var first = status.Json.GetProperty("nodes")[0];
        Assert.False(status.Json.GetProperty("verified").GetBoolean());
        Assert.True(first.GetProperty("height").GetUInt64() >= 2);
        Assert.Equal(node, first.GetProperty("clientEndpoint").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("version").GetString()));
        Assert.Equal(3, first.GetProperty("peers").GetArrayLength());
        Assert.Equal("target", first.GetProperty("mode").GetString());
        Assert.Equal(["tls", "signing", "ca"], first.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        Assert.All(first.GetProperty("certificates").EnumerateArray(), c => Assert.True(c.GetProperty("daysLeft").GetDouble() > 30));
    }

    private async Task<(int Exit, JsonElement Json)> RunAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await CliRun.LedgerAsync(args);
        output.WriteLine($"ledger {string.Join(' ', args)}: exit {exit}\n{stdout}\n{stderr}");
        return (exit, JsonDocument.Parse(stdout).RootElement);
    }

    private async Task<(int Exit, string Output, string Error)> RunRawAsync(params string[] args)
    {
        var result = await CliRun.LedgerAsync(args);
        output.WriteLine($"ledger {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        return result;
    }
}
