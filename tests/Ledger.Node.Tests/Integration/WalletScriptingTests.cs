using System.Text.Json;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// The wallet as scripts use it, run as processes against the shared in-process network: `--json`
/// answers with their documented fields, each exit code, several --node with failover past a
/// lying node, `wallet init` profiles, and request ids that pay once however often they run.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class WalletScriptingTests(InProcessNetwork network)
{
    private const int ProxyPort = 8152;

    private readonly string _profile = Path.Combine(network.Root, "wallets", Guid.NewGuid().ToString("N")[..8]);

    private string GenesisPath => network.Net.GenesisPath;

    [Fact]
    public async Task WalletTransfer_SameRequestIdRunThreeTimes_PaysOnceWithOneTransaction()
    {
        var before = await BalanceAsync("org4-m1");

        var first = await TransferAsync("org3-m1", "org4-m1", "5", "rent-2026-03");
        var second = await TransferAsync("org3-m1", "org4-m1", "5", "rent-2026-03");
        var third = await TransferAsync("org3-m1", "org4-m1", "5", "rent-2026-03");

        Assert.Equal(0, first.Exit);
        Assert.Equal(0, second.Exit);
        Assert.Equal(0, third.Exit);
        Assert.False(first.Json.GetProperty("resumed").GetBoolean());
        Assert.True(second.Json.GetProperty("resumed").GetBoolean());
        var id = first.Json.GetProperty("transactionId").GetString();
        Assert.Equal(id, second.Json.GetProperty("transactionId").GetString());
        Assert.Equal(id, third.Json.GetProperty("transactionId").GetString());
        Assert.Equal(before + 5, await BalanceAsync("org4-m1"));
    }

    [Fact]
    public async Task WalletTransfer_Json_HasEveryDocumentedField()
    {
        var (exit, json, _, error) = await TransferAsync("org3-m1", "org1-m1", "2", "fields-1");

        Assert.True(exit == 0, error);
        foreach (var field in new[] { "command", "exitCode", "outcome", "requestId", "transactionId", "resumed", "from", "to", "amount", "nonce", "timestampMs", "commitDeadline", "commitDeadlineMs", "node", "height", "code", "verified", "fromJournal", "message", "nodeFailures" })
        {
            Assert.True(json.TryGetProperty(field, out _), $"missing {field}: {json}");
        }

        Assert.Equal("transfer", json.GetProperty("command").GetString());
        Assert.Equal("committed", json.GetProperty("outcome").GetString());
        Assert.Equal("Success", json.GetProperty("code").GetString());
        Assert.True(json.GetProperty("verified").GetBoolean());
        Assert.Equal(InProcessNetwork.ClientEndpoint(0), json.GetProperty("node").GetString());

        // The progress lines on stderr are JSON too, the request's transaction id before anything was sent.
        var signed = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("event").GetString() == "signed");
        Assert.Equal(json.GetProperty("transactionId").GetString(), signed.GetProperty("transactionId").GetString());
    }

    [Fact]
    public async Task WalletTransfer_WithoutRequestId_PrintsTheGeneratedIdBeforeSending()
    {
        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "transfer", "--profile", _profile, "--genesis", GenesisPath, "--node", InProcessNetwork.ClientEndpoint(0),
            "--key", MemberKey("org1-m1"), "--to", "org3-m1", "--amount", "1");

        Assert.True(exit == 0, $"{output} {error}");
        Assert.Matches("request id [0-9T]+Z-[0-9a-f]{12} \\(re-run with --request-id", error);
        Assert.Contains("receipt Success: VERIFIED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletTransfer_SameRequestIdOtherAmount_ExitsTwoAndSignsNothing()
    {
        Assert.Equal(0, (await TransferAsync("org1-m1", "org2-m1", "3", "conflict-1")).Exit);

        var (exit, json, _, _) = await TransferAsync("org1-m1", "org2-m1", "4", "conflict-1");

        Assert.Equal(2, exit);
        Assert.Equal("BadInput", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(Directory.GetFiles(Path.Combine(_profile, "journal"), "*.outcome.json"));
    }

    [Fact]
    public async Task WalletTransfer_InsufficientFunds_ExitsThreeWithTheLedgersCode()
    {
        var (exit, json, _, _) = await TransferAsync("org2-m1", "org1-m1", "999999999999", "too-much-1");

        Assert.Equal(3, exit);
        Assert.Equal("rejected", json.GetProperty("outcome").GetString());
        Assert.Equal("InsufficientFunds", json.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("--amount", "0")]
    [InlineData("--request-id", "has space")]
    [InlineData("--to", "nobody")]
    [InlineData("--amount", "-3")]
    public async Task WalletTransfer_BadInput_ExitsTwo(string option, string value)
    {
        var args = new Dictionary<string, string> { ["--to"] = "org2-m1", ["--amount"] = "1", ["--request-id"] = "bad-input" };
        args[option] = value;

        var (exit, output, error) = await CliRun.LedgerAsync(
            ["wallet", "transfer", "--profile", _profile, "--genesis", GenesisPath, "--node", InProcessNetwork.ClientEndpoint(0), "--key", MemberKey("org1-m1"),
             .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.True(exit == 2, $"exit {exit}: {output} {error}");
        Assert.False(Directory.Exists(Path.Combine(_profile, "journal")) && Directory.GetFiles(Path.Combine(_profile, "journal"), "*.json").Length > 0, "something was journaled");
    }

    [Fact]
    public async Task WalletBalance_NoNodeReachable_ExitsFiveWithJsonError()
    {
        var (exit, output, _) = await CliRun.LedgerAsync(
            "wallet", "balance", "--profile", _profile, "--genesis", GenesisPath, "--node", "127.0.0.1:1", "--node", "127.0.0.1:2", "--account", "org1-m1", "--json");

        Assert.Equal(5, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("NoNodeReachable", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2, json.GetProperty("nodeFailures").GetArrayLength());
        Assert.Equal("unreachable", json.GetProperty("nodeFailures")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task WalletBalance_LyingNodeFirst_ReportsItAndTheNextNodeAnswers()
    {
        var identity = network.NodeFolder("org1-v1");
        await using var proxy = await TamperingProxy.StartAsync(
            ProxyPort, Path.Combine(identity, PkiLayout.TlsCertificateFile), Path.Combine(identity, PkiLayout.TlsKeyFile), InProcessNetwork.ClientEndpoint(0), network.Net.Genesis);

        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "balance", "--profile", _profile, "--genesis", GenesisPath, "--node", $"127.0.0.1:{ProxyPort}", "--node", InProcessNetwork.ClientEndpoint(1),
            "--account", "org1-m1", "--json");

        Assert.True(exit == 0, $"{output} {error}");
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(InProcessNetwork.ClientEndpoint(1), json.GetProperty("node").GetString());
        Assert.True(json.GetProperty("verified").GetBoolean());
        var failure = json.GetProperty("nodeFailures").EnumerateArray().Single();
        Assert.Equal($"127.0.0.1:{ProxyPort}", failure.GetProperty("node").GetString());
        Assert.Equal("verificationFailed", failure.GetProperty("kind").GetString());
        foreach (var field in new[] { "account", "member", "balance", "exists", "height", "blockTimestampMs", "certifiedAgeMs", "stateRoot", "totalSupply", "staleness" })
        {
            Assert.True(json.TryGetProperty(field, out _), $"missing {field}: {json}");
        }
    }

    [Fact]
    public async Task WalletInit_ThenCommandsWithoutGenesisNodeOrKey_UseTheProfile()
    {
        var (initExit, initOutput, initError) = await CliRun.LedgerAsync(
            "wallet", "init", "--profile", _profile, "--genesis", GenesisPath, "--node", InProcessNetwork.ClientEndpoint(2), "--key", MemberKey("org2-m1"), "--json");
        Assert.True(initExit == 0, $"{initOutput} {initError}");
        Assert.Equal("org2-m1", JsonDocument.Parse(initOutput).RootElement.GetProperty("member").GetString());

        var (exit, output, error) = await CliRun.LedgerAsync("wallet", "balance", "--profile", _profile, "--json");
        var (again, _, againError) = await CliRun.LedgerAsync("wallet", "init", "--profile", _profile, "--genesis", GenesisPath, "--node", InProcessNetwork.ClientEndpoint(2), "--key", MemberKey("org2-m1"));

        Assert.True(exit == 0, $"{output} {error}");
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("org2-m1", json.GetProperty("member").GetString());
        Assert.Equal(InProcessNetwork.ClientEndpoint(2), json.GetProperty("node").GetString());
        Assert.Equal(2, again);
        Assert.Contains("already exists", againError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletTx_UnknownId_ExitsFour()
    {
        var (exit, output, _) = await CliRun.LedgerAsync(
            "wallet", "tx", new string('a', 64), "--profile", _profile, "--genesis", GenesisPath, "--node", InProcessNetwork.ClientEndpoint(0), "--json");

        Assert.Equal(4, exit);
        Assert.Equal("unknown", JsonDocument.Parse(output).RootElement.GetProperty("state").GetString());
    }

    private string MemberKey(string member) =>
        Path.Combine(network.Net.MemberDirectories.Single(d => Path.GetFileName(d) == member), PkiLayout.MemberKeyFile);

    private async Task<(int Exit, JsonElement Json, string Output, string Error)> TransferAsync(string from, string to, string amount, string requestId)
    {
        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "transfer", "--profile", _profile, "--genesis", GenesisPath, "--node", InProcessNetwork.ClientEndpoint(0),
            "--key", MemberKey(from), "--to", to, "--amount", amount, "--request-id", requestId, "--json");
        return (exit, output.Length > 0 ? JsonDocument.Parse(output).RootElement : default, output, error);
    }

    private async Task<ulong> BalanceAsync(string member)
    {
        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "balance", "--profile", _profile, "--genesis", GenesisPath, "--node", InProcessNetwork.ClientEndpoint(0), "--account", member, "--json");
        Assert.True(exit == 0, $"{output} {error}");
        return JsonDocument.Parse(output).RootElement.GetProperty("balance").GetUInt64();
    }
}
