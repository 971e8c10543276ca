using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Ledger.Cli.Wallet;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Cli.Network;

/// <summary>
/// `ledger demo`: a 4-organisation testnet in a temporary folder, a stream of transfers from
/// every member to random others through every node, live progress, then every balance checked
/// against a QC-certified state root, the total supply compared with genesis, and everything
/// stopped.
/// </summary>
public sealed class DemoRunner(DemoOptions options, TextWriter output)
{
    private long _committedTransactions;
    private long _committedHeight;
    private int _failedSubmissions;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ledger-demo-" + Guid.NewGuid().ToString("N")[..8]);
        output.WriteLine($"1/5 creating a 4-organisation testnet in {directory}");
        var testnet = TestnetBuilder.Build(directory, new TestnetOptions { ChainId = "ledger-demo", BasePort = options.BasePort, MembersPerOrganisation = 2 });
        var network = new LocalNetwork(directory, LedgerLauncher.Current());
        try
        {
            output.WriteLine($"2/5 starting {network.Validators.Count} validators as separate processes (mutual TLS on 127.0.0.1:{options.BasePort}..)");
            network.StartAll();
            await network.WaitForHeightAsync(2, TimeSpan.FromSeconds(45), ct).ConfigureAwait(false);
            output.Write(await StatusTable.RenderAsync(network, ct).ConfigureAwait(false));

            var members = testnet.Genesis.Members.Select((m, i) => (m.Name, Key: KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(testnet.MemberDirectories[i], PkiLayout.MemberKeyFile))))).ToList();
            using var follow = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watcher = WatchCommitsAsync(network, follow.Token);
            output.WriteLine($"3/5 streaming {options.Transfers} transfers from {members.Count} members through all {network.Validators.Count} nodes");
            var stopwatch = Stopwatch.StartNew();
            var accepted = await SendAsync(network, members, stopwatch, ct).ConfigureAwait(false);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (Interlocked.Read(ref _committedTransactions) < accepted.Count && DateTimeOffset.UtcNow < deadline)
            {
                Progress(accepted.Count, accepted.Count, stopwatch);
                await Task.Delay(100, ct).ConfigureAwait(false);
            }

            stopwatch.Stop();
            Progress(accepted.Count, accepted.Count, stopwatch);
            output.WriteLine();
            var committed = Interlocked.Read(ref _committedTransactions);
            var tps = committed / Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001);
            output.WriteLine($"   {accepted.Count} transfers accepted, {committed} committed in {stopwatch.Elapsed.TotalSeconds:0.0} s: {tps:0} transfers/s from first submission to last commit, height {Interlocked.Read(ref _committedHeight)}");
            await SettleAsync(network, deadline, ct).ConfigureAwait(false);
            await follow.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
            output.Write(await StatusTable.RenderAsync(network, ct).ConfigureAwait(false));

            output.WriteLine("4/5 verifying with genesis only: balances (state proofs against QC-certified roots) and one transfer (its inclusion and receipt proof)");
            var ok = await VerifyAsync(network, members.Select(m => m.Key.PublicKey).ToList(), testnet.Genesis.Members, accepted, ct).ConfigureAwait(false);
            foreach (var member in members)
            {
                member.Key.Dispose();
            }

            output.WriteLine("5/5 stopping the validators");
            return ok && committed >= accepted.Count && _failedSubmissions == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var (name, code) in await network.StopAllAsync().ConfigureAwait(false))
            {
                if (code != 0)
                {
                    output.WriteLine($"   {name} did not stop cleanly (exit code {code}); its log is in {network.LogDirectory}");
                }
            }

            if (!options.Keep)
            {
                TryDelete(directory);
            }
            else
            {
                output.WriteLine($"   testnet kept in {directory} (ledger testnet up --dir {directory})");
            }
        }
    }

    private async Task<IReadOnlyList<Hash32>> SendAsync(LocalNetwork network, IReadOnlyList<(string Name, SigningKey Key)> members, Stopwatch stopwatch, CancellationToken ct)
    {
        var accepted = new ConcurrentBag<Hash32>();
        var sent = 0;
        var total = options.Transfers;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        var progress = Task.Run(async () =>
        {
            while (await ticker.WaitForNextTickAsync(ct).ConfigureAwait(false) && Volatile.Read(ref sent) < total)
            {
                Progress(Volatile.Read(ref sent), total, stopwatch);
            }
        }, ct);
        // Several senders per member keep a few submissions in flight, as real wallets would.
        const int SendersPerMember = 4;
        var senders = members.Count * SendersPerMember;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            var index = sender % members.Count;
            var member = members[index];
            var random = new Random(sender);
            var client = network.Client(network.Validators[sender % network.Validators.Count].Name);
            var share = (options.Transfers / senders) + (sender < options.Transfers % senders ? 1 : 0);
            for (var k = 0; k < share; k++)
            {
                var to = members[(index + 1 + random.Next(members.Count - 1)) % members.Count].Key.PublicKey;
                var transfer = Transfer.Create(network.Genesis.ChainId, member.Key, to, (ulong)random.Next(1, 100), TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                while (true)
                {
                    try
                    {
                        var answer = await client.SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct).ConfigureAwait(false);
                        if (answer.Outcome == Ledger.Client.Protos.SubmitOutcome.Accepted)
                        {
                            accepted.Add(transfer.Id);
                        }

                        break;
                    }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                    {
                        await Task.Delay(50, ct).ConfigureAwait(false);
                    }
                    catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unknown or StatusCode.Internal)
                    {
                        Interlocked.Increment(ref _failedSubmissions);
                        output.WriteLine($"\n   submission to {network.Validators[sender % network.Validators.Count].Name} failed: {ex.Status.StatusCode} {ex.Status.Detail}");
                        break;
                    }
                }

                Interlocked.Increment(ref sent);
            }
        }, ct))).ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        return [.. accepted];
    }

    /// <summary>Waits until no node holds pending transfers and two more blocks have committed everywhere.</summary>
    private static async Task SettleAsync(LocalNetwork network, DateTimeOffset deadline, CancellationToken ct)
    {
        while (DateTimeOffset.UtcNow < deadline)
        {
            var statuses = await Task.WhenAll(network.Validators.Select(v => network.TryStatusAsync(v.Name, ct))).ConfigureAwait(false);
            if (statuses.All(s => s is { MempoolSize: 0 }))
            {
                var height = statuses.Max(s => s!.CommittedHeight);
                await network.WaitForHeightAsync(height + 2, deadline - DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
                return;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private async Task WatchCommitsAsync(LocalNetwork network, CancellationToken ct)
    {
        try
        {
            using var stream = network.Client(network.Validators[0].Name).StreamCommits(new StreamCommitsRequest(), cancellationToken: ct);
            await foreach (var commit in stream.ResponseStream.ReadAllAsync(ct).ConfigureAwait(false))
            {
                Interlocked.Add(ref _committedTransactions, commit.Transactions);
                Interlocked.Exchange(ref _committedHeight, (long)commit.Height);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ct.IsCancellationRequested && ex is RpcException or IOException))
        {
            // The demo stopped following. Cancelling a streaming call usually ends the read with
            // status Cancelled, but a demo run has seen it end with another RpcException, raised
            // from the HTTP/2 read the cancellation aborted. Once the demo has asked to stop, any of
            // these is the end it asked for; a stream that breaks before that still fails the demo.
        }
    }

    private async Task<bool> VerifyAsync(LocalNetwork network, IReadOnlyList<PublicKey> keys, IReadOnlyList<Ledger.Genesis.GenesisMember> genesisMembers, IReadOnlyList<Hash32> accepted, CancellationToken ct)
    {
        var ok = true;
        ulong sum = 0;
        ulong supply = 0;
        var genesisSupply = genesisMembers.Aggregate(0UL, (s, m) => s + m.Balance);
        output.WriteLine($"   {"member",-10} {"balance",12} {"height",7}  proof");
        for (var i = 0; i < keys.Count; i++)
        {
            var node = network.Validators[i % network.Validators.Count];
            var session = WalletSession.Open(node.Config.ClientEndpoint, network.Genesis);
            try
            {
                var balance = await session.GetBalanceAsync(keys[i], ct).ConfigureAwait(false);
                sum += balance.Balance;
                supply = balance.TotalSupply;
                output.WriteLine($"   {genesisMembers[i].Name,-10} {balance.Balance.ToString("N0", CultureInfo.InvariantCulture),12} {balance.Height,7}  VERIFIED via {node.Name} (state root {balance.StateRoot.ToShortHex()})");
            }
            catch (EvidenceException ex)
            {
                ok = false;
                output.WriteLine($"   {genesisMembers[i].Name,-10} NOT VERIFIED: {ex.Message}");
            }
        }

        // Balances come from different heights (the chain keeps moving); the supply in each proof is exact.
        var conserved = supply == genesisSupply;
        output.WriteLine($"   total supply {supply.ToString("N0", CultureInfo.InvariantCulture)} (genesis {genesisSupply.ToString("N0", CultureInfo.InvariantCulture)}): {(conserved ? "conserved" : "CHANGED")}; sum of balances {sum.ToString("N0", CultureInfo.InvariantCulture)}");
        if (accepted.Count > 0)
        {
            var session = WalletSession.Open(network.Validators[^1].Config.ClientEndpoint, network.Genesis);
            var verified = await session.WaitForCommitAsync(accepted[0], TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            output.WriteLine("   " + WalletSession.Describe(verified));
        }

        return ok && conserved;
    }

    private void Progress(int sent, int total, Stopwatch stopwatch)
    {
        var committed = Interlocked.Read(ref _committedTransactions);
        var rate = committed / Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001);
        var width = 30;
        var filled = total == 0 ? width : (int)(width * Math.Min(committed, total) / total);
        output.Write($"\r   [{new string('#', filled)}{new string('.', width - filled)}] sent {sent}/{total}  committed {committed}  height {Interlocked.Read(ref _committedHeight)}  {rate:0} tx/s   ");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still open on a slow file system; the temp folder is cleaned by the OS eventually.
        }
    }
}
