using System.Text.Json;
using Ledger.Client.Nodes;
using Ledger.Crypto;
using Xunit.Abstractions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Retry-safe transfers on four real validator processes: a transfer whose only node is killed
/// while the wallet waits, and one sent while the network has no quorum, both report an unknown
/// outcome (exit 4) and are applied exactly once when re-run with their request id. The balances,
/// verified against genesis, prove it. Both run on one cluster (<see cref="WalletRetryCluster"/>).
/// </summary>
[Trait("Category", "Integration")]
[Collection(SecondProcessClusterCollection.Name)]
public sealed class WalletRetryTests(WalletRetryCluster shared, ITestOutputHelper output) : IClassFixture<WalletRetryCluster>
{
    private const ulong Amount = 17;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WalletTransfer_NodeKilledWhileWaiting_RerunWithRequestIdAppliesOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await shared.AllRunningAsync(ct);
        var cluster = shared.Cluster;
        var names = shared.Names;
        var (a, b, c, d) = (names[0], names[1], names[2], names[3]);
        var (sender, recipient) = (cluster.Members[0].PublicKey, cluster.Members[1].PublicKey);
        var before = await BalancesAsync(cluster, b, sender, recipient, ct);

        // No quorum: the transfer can reach a mempool but cannot commit while the wallet waits.
        cluster.Network.Kill(c);
        cluster.Network.Kill(d);
        var profile = cluster.ProfileFolder("killed");
        var first = CliRun.LedgerAsync(Transfer(cluster, profile, "order-killed", recipient, a));
        var transactionId = await JournaledTransactionAsync(profile, first, ct);
        await WaitPendingAsync(cluster, b, transactionId, ct);

        // The wallet's only node dies mid-call: it cannot know the outcome and says so.
        cluster.Network.Kill(a);
        var (exit, stdout, stderr) = await first;
        output.WriteLine($"first run: exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal(4, exit);
        var answer = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("unknown", answer.GetProperty("outcome").GetString());
        Assert.Equal(transactionId, answer.GetProperty("transactionId").GetString());
        Assert.Contains("re-run with --request-id order-killed", answer.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Quorum again (b, c, d). The same request id resumes the same transfer, through other nodes.
        cluster.Network.Start(c);
        cluster.Network.Start(d);
        var (again, againOut, againErr) = await CliRun.LedgerAsync(Transfer(cluster, profile, "order-killed", recipient, b, c));
        output.WriteLine($"re-run: exit {again}\n{againOut}\n{againErr}");
        Assert.Equal(0, again);
        var resumed = JsonDocument.Parse(againOut).RootElement;
        Assert.Equal("committed", resumed.GetProperty("outcome").GetString());
        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        Assert.True(resumed.GetProperty("verified").GetBoolean());
        Assert.Equal(transactionId, resumed.GetProperty("transactionId").GetString());

        // A third run changes nothing: the outcome is final and comes from the journal.
        var (third, thirdOut, _) = await CliRun.LedgerAsync(Transfer(cluster, profile, "order-killed", recipient, b));
        Assert.Equal(0, third);
        Assert.True(JsonDocument.Parse(thirdOut).RootElement.GetProperty("fromJournal").GetBoolean());

        await AssertPaidOnceAsync(cluster, b, sender, recipient, before, resumed.GetProperty("height").GetUInt64(), ct);
    }

    [Fact]
    public async Task WalletTransfer_NoQuorumWithTimeout_ReportsUnknownAndRerunFindsTheCommit()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await shared.AllRunningAsync(ct);
        var cluster = shared.Cluster;
        var names = shared.Names;
        var (sender, recipient) = (cluster.Members[2].PublicKey, cluster.Members[3].PublicKey);
        var before = await BalancesAsync(cluster, names[0], sender, recipient, ct);

        cluster.Network.Kill(names[2]);
        cluster.Network.Kill(names[3]);
        var profile = cluster.ProfileFolder("no-quorum");
        var (exit, stdout, stderr) = await CliRun.LedgerAsync([.. Transfer(cluster, profile, "order-quorum", recipient, names[0], names[1], member: 2), "--wait", "--timeout", "4"]);
        output.WriteLine($"first run: exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal(4, exit);
        var answer = JsonDocument.Parse(stdout).RootElement;
        var transactionId = answer.GetProperty("transactionId").GetString()!;
        Assert.Equal("unknown", answer.GetProperty("outcome").GetString());
        Assert.Contains($"transaction {transactionId} may still commit until", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("re-run with --request-id order-quorum", answer.GetProperty("message").GetString(), StringComparison.Ordinal);

        cluster.Network.Start(names[2]);
        cluster.Network.Start(names[3]);
        var (again, againOut, againErr) = await CliRun.LedgerAsync(Transfer(cluster, profile, "order-quorum", recipient, names[1], names[0], member: 2));
        output.WriteLine($"re-run: exit {again}\n{againOut}\n{againErr}");
        Assert.Equal(0, again);
        var resumed = JsonDocument.Parse(againOut).RootElement;
        Assert.Equal("committed", resumed.GetProperty("outcome").GetString());
        Assert.Equal(transactionId, resumed.GetProperty("transactionId").GetString());

        await AssertPaidOnceAsync(cluster, names[0], sender, recipient, before, resumed.GetProperty("height").GetUInt64(), ct);
    }

    private static string[] Transfer(ClusterHarness cluster, string profile, string requestId, PublicKey recipient, params string[] nodes) =>
        Transfer(cluster, profile, requestId, recipient, nodes[0], nodes.Length > 1 ? nodes[1] : null, member: 0);

    private static string[] Transfer(ClusterHarness cluster, string profile, string requestId, PublicKey recipient, string node, string? second, int member)
    {
        var args = new List<string>
        {
            "wallet", "transfer", "--profile", profile, "--genesis", cluster.Network.GenesisPath, "--key", cluster.MemberKeyPaths[member],
            "--to", recipient.ToHex(), "--amount", Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--request-id", requestId, "--json",
            "--node", cluster.ClientEndpoint(node),
        };
        if (second is not null)
        {
            args.AddRange(["--node", cluster.ClientEndpoint(second)]);
        }

        return [.. args];
    }

    /// <summary>The transaction id the wallet journaled (written before anything is sent).</summary>
    private static async Task<string> JournaledTransactionAsync(string profile, Task<(int ExitCode, string Output, string Error)> wallet, CancellationToken ct)
    {
        var journal = Path.Combine(profile, "journal");
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (wallet.IsCompleted && !(Directory.Exists(journal) && Directory.GetFiles(journal, "*.json").Length > 0))
            {
                var (exit, stdout, stderr) = await wallet;
                Assert.Fail($"the wallet ended (exit {exit}) before journaling its transfer: {stdout} {stderr}");
            }

            var entry = Directory.Exists(journal) ? Directory.GetFiles(journal, "*.json").FirstOrDefault(f => !f.EndsWith(".outcome.json", StringComparison.Ordinal)) : null;
            if (entry is not null)
            {
                try
                {
                    return JsonDocument.Parse(await File.ReadAllTextAsync(entry, ct)).RootElement.GetProperty("transactionId").GetString()!;
                }
                catch (Exception ex) when (ex is JsonException or IOException)
                {
                    // Still being written (the wallet holds it exclusively until it is fsynced).
                }
            }

            await Task.Delay(50, ct);
        }
    }

    private static async Task WaitPendingAsync(ClusterHarness cluster, string node, string transactionId, CancellationToken ct)
    {
        var id = new Hash32(Convert.FromHexString(transactionId));
        var started = DateTimeOffset.UtcNow;
        while ((await cluster.Network.Client(node).GetTransferAsync(new() { TransactionId = Google.Protobuf.ByteString.CopyFrom(id.ToArray()) }, cancellationToken: ct)).State != Client.Protos.TransferState.Pending)
        {
            Assert.True(DateTimeOffset.UtcNow - started < Step, $"{transactionId} never reached {node}'s mempool");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Both balances, verified, at one node once it has committed at least <paramref name="minHeight"/>.</summary>
    private static async Task<(ulong Sender, ulong Recipient)> BalancesAsync(ClusterHarness cluster, string node, PublicKey sender, PublicKey recipient, CancellationToken ct, ulong minHeight = 0)
    {
        using var nodes = new LedgerNodes(cluster.Network.Genesis, [cluster.ClientEndpoint(node)]);
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            var from = await nodes.FirstVerifiedAsync((c, t) => VerifiedReads.BalanceAsync(c, nodes.Verifier, sender, TimeSpan.FromSeconds(10), t), ct);
            var to = await nodes.FirstVerifiedAsync((c, t) => VerifiedReads.BalanceAsync(c, nodes.Verifier, recipient, TimeSpan.FromSeconds(10), t), ct);
            if (Math.Min(from.Value.Balance.Height, to.Value.Balance.Height) >= minHeight)
            {
                return (from.Value.Balance.Balance, to.Value.Balance.Balance);
            }

            Assert.True(DateTimeOffset.UtcNow - started < Step, $"{node} did not reach height {minHeight}");
            await Task.Delay(100, ct);
        }
    }

    private async Task AssertPaidOnceAsync(ClusterHarness cluster, string node, PublicKey sender, PublicKey recipient, (ulong Sender, ulong Recipient) before, ulong committedHeight, CancellationToken ct)
    {
        var after = await BalancesAsync(cluster, node, sender, recipient, ct, committedHeight);
        output.WriteLine($"balances before {before}, after {after}");
        Assert.Equal(before.Sender - Amount, after.Sender);
        Assert.Equal(before.Recipient + Amount, after.Recipient);
    }
}
