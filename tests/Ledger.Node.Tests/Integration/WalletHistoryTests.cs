using System.Text.Json.Nodes;
using Google.Protobuf;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// `ledger wallet history` run as a process against the shared in-process network: a member's
/// transfers, sent and received, come back newest first, each verified, paging through with the
/// printed cursor visits each once, and the answer never claims to be complete.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class WalletHistoryTests(InProcessNetwork network)
{
    private const int ReceiptProxyPort = 8154;

    private readonly string _profile = Path.Combine(network.Root, "wallets", Guid.NewGuid().ToString("N")[..8]);

    private string MemberKey(string member) =>
        Path.Combine(network.Net.MemberDirectories.Single(d => Path.GetFileName(d) == member), PkiLayout.MemberKeyFile);

    [Fact]
    public async Task WalletHistory_MemberAfterThreeTransfers_PagesThroughEachVerifiedNewestFirst()
    {
        var sent = await CommitTransferAsync("org4-m1", "org2-m1", 4);
        var received = await CommitTransferAsync("org3-m1", "org4-m1", 6);
        var sentAgain = await CommitTransferAsync("org4-m1", "org1-m1", 1);

        var seen = new List<(string Id, ulong Height, string Direction)>();
        string? before = null;
        for (var call = 0; call < 50; call++)
        {
            string[] args = ["wallet", "history", "org4-m1", "--json", "--limit", "2", "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(1), "--genesis", network.Net.GenesisPath];
            var (exit, output, error) = await CliRun.LedgerAsync(before is null ? args : [.. args, "--before", before]);
            Assert.True(exit == 0, $"exit {exit}: {output} {error}");
            var answer = JsonNode.Parse(output)!.AsObject();
            Assert.True(answer["verified"]!.GetValue<bool>());
            Assert.False(answer["completenessProven"]!.GetValue<bool>());
            var entries = answer["entries"]!.AsArray();
            Assert.True(entries.Count <= 2);
            Assert.All(entries, e => Assert.True(e!["verified"]!.GetValue<bool>()));
            seen.AddRange(entries.Select(e => (e!["transactionId"]!.GetValue<string>(), e["height"]!.GetValue<ulong>(), e["direction"]!.GetValue<string>())));
            before = answer["nextBefore"]?.GetValue<string>();
            if (before is null)
            {
                Assert.True(answer["reachedGenesis"]!.GetValue<bool>());
                break;
            }
        }

        Assert.Null(before);
        Assert.Equal(seen.Count, seen.Select(s => s.Id).Distinct().Count());
        Assert.Equal(seen.Select(s => s.Height).OrderDescending(), seen.Select(s => s.Height));
        var mine = seen.Where(s => s.Id == sent.Id.ToHex() || s.Id == received.Id.ToHex() || s.Id == sentAgain.Id.ToHex()).ToList();
        Assert.Equal([(sentAgain.Id.ToHex(), "out"), (received.Id.ToHex(), "in"), (sent.Id.ToHex(), "out")], mine.Select(s => (s.Id, s.Direction)));

        var (humanExit, human, humanError) = await CliRun.LedgerAsync(
            "wallet", "history", "--account", "org4-m1", "--limit", "1", "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(0), "--genesis", network.Net.GenesisPath);
        Assert.True(humanExit == 0, $"exit {humanExit}: {human} {humanError}");
        Assert.Contains("VERIFIED", human, StringComparison.Ordinal);
        Assert.Contains("NOT PROVEN COMPLETE", human, StringComparison.Ordinal);
        Assert.Contains("--before", human, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletHistory_LimitOverTheNodesPageSize_BadInputSayingThePageSize()
    {
        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "history", "org4-m1", "--json", "--limit", "100000", "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(0), "--genesis", network.Net.GenesisPath);

        Assert.True(exit == 2, $"exit {exit}: {output} {error}");
        Assert.Contains("BadInput", output, StringComparison.Ordinal);
        Assert.Contains("limits.historyPageSize", output, StringComparison.Ordinal);
        Assert.Contains("--before", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verified\":true", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletWatch_FromAHeight_PrintsTheMembersTransfersVerifiedAndStopsAtCount()
    {
        ulong start;
        var client = network.Client(0, out var channel);
        using (channel)
        {
            start = (await client.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).CommittedHeight + 1;
        }

        var sent = await CommitTransferAsync("org2-m1", "org3-m1", 2);
        await CommitTransferAsync("org1-m1", "org4-m1", 1);
        var received = await CommitTransferAsync("org4-m1", "org2-m1", 3);

        var (exit, output, error) = await CliRun.LedgerAsync(
            "wallet", "watch", "org2-m1", "--from", start.ToString(System.Globalization.CultureInfo.InvariantCulture), "--count", "2", "--json",
            "--profile", _profile, "--node", InProcessNetwork.ClientEndpoint(2), "--genesis", network.Net.GenesisPath);

        Assert.True(exit == 0, $"exit {exit}: {output} {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var events = lines.Where(l => l["event"]?.GetValue<string>() == "transfer").ToList();
        Assert.Equal([(sent.Id.ToHex(), "out"), (received.Id.ToHex(), "in")], events.Select(e => (e["transactionId"]!.GetValue<string>(), e["direction"]!.GetValue<string>())));
        Assert.All(events, e => Assert.True(e["verified"]!.GetValue<bool>()));
        Assert.All(events, e => Assert.Equal("Success", e["receipt"]!.GetValue<string>()));
        var answer = lines[^1];
        Assert.Equal("watch", answer["command"]!.GetValue<string>());
        Assert.Equal(2, answer["transfers"]!.GetValue<int>());
        Assert.Equal(events[^1]["height"]!.GetValue<ulong>(), answer["verifiedUpToHeight"]!.GetValue<ulong>());
    }

    private async Task<Transfer> CommitTransferAsync(string from, string to, ulong amount)
    {
        using var sender = KeyFile.ImportSigningKey(await File.ReadAllTextAsync(MemberKey(from)));
        var recipient = PublicKey.FromHex(network.Net.Genesis.Members.Single(m => m.Name == to).PublicKey);
        var transfer = Transfer.Create(network.Net.Genesis.ChainId, sender, recipient, amount, TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var client = network.Client(2, out var channel);
        using (channel)
        {
            var answer = await client.SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.Equal(SubmitOutcome.Accepted, answer.Outcome);
            var started = DateTimeOffset.UtcNow;
            while ((await client.GetTransferAsync(new GetTransferRequest { TransactionId = ByteString.CopyFrom(transfer.Id.ToArray()) })).State != TransferState.Committed)
            {
                Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), "the transfer did not commit within 30 s");
                await Task.Delay(100);
            }
        }

        return transfer;
    }
}
