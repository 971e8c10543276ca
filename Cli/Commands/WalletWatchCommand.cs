using System.CommandLine;
using System.Text.Json.Nodes;
using Grpc.Core;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet watch [ACCOUNT]`: follows commits and prints the account's incoming and outgoing
/// transfers as they commit, each block's QC chain and each transfer verified against genesis
/// (<see cref="AccountWatch"/>). Runs until Ctrl-C or `--count N` transfers. A node that fails or
/// answers something that does not verify is named and the next is followed from the same block;
/// when all have failed in a row the watch retries with bounded exponential backoff
/// (<see cref="ReconnectingWatch"/>), a line on stderr per retry, until `--reconnect-for`.
/// </summary>
public static class WalletWatchCommand
{
    private const string Name = "watch";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var accountOptions = WalletAccountOptions.Create(positional: true);
        var count = new Option<int?>("--count") { Description = "Stop after this many transfers (default: run until Ctrl-C)" };
        var from = new Option<ulong?>("--from") { Description = "Start at this committed height (default: from the next commit on)" };
        var reconnectFor = new Option<double?>("--reconnect-for") { Description = "Give up (exit 5) when no block was verified for this many seconds while reconnecting; retries back off from 0.5 s to 30 s (default: 300)" };
        var cmd = new Command(Name, "Follow commits and print the account's transfers as they commit, each block and transfer verified against genesis");
        common.AddTo(cmd, [.. accountOptions.AddArgumentTo(cmd), count, from, reconnectFor]);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                if (parse.GetValue(count) is { } c && c < 1)
                {
                    throw new CliException($"--count must be at least 1, got {c}");
                }

                if (parse.GetValue(from) is 0)
                {
                    throw new CliException("--from starts at height 1 (height 0 is genesis)");
                }

                if (parse.GetValue(reconnectFor) is { } r && (r < 0 || double.IsNaN(r) || r > TimeSpan.MaxValue.TotalSeconds))
                {
                    throw new CliException($"--reconnect-for must be a number of seconds >= 0, got {r}");
                }

                var backoff = new WatchBackoff { GiveUpAfter = TimeSpan.FromSeconds(parse.GetValue(reconnectFor) ?? 300) };
                var context = common.Resolve(parse);
                var who = accountOptions.Resolve(parse, context);
                using var nodes = context.Connect();
                var position = new WatchPosition(parse.GetValue(from) ?? 0);
                var wanted = parse.GetValue(count) ?? int.MaxValue;
                var address = nodes.Verifier.AddressOf(who);
                output.Progress($"watching account {address} from {(position.NextHeight == 0 ? "the next commit" : $"height {position.NextHeight}")}; Ctrl-C stops",
                    new JsonObject { ["event"] = "watching", ["address"] = address, ["fromHeight"] = position.NextHeight });
                var printed = 0;
                var watch = new ReconnectingWatch(nodes, who, position, backoff, TimeProvider.System, TimeSpan.FromSeconds(30));
                try
                {
                    await foreach (var (transfer, node) in watch.FollowAsync(retry => Retrying(output, retry), ct).ConfigureAwait(false))
                    {
                        Print(output, who, transfer, node);
                        if (++printed >= wanted)
                        {
                            break;
                        }
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or RpcException && ct.IsCancellationRequested)
                {
                    // Ctrl-C: the answer below says how far the watch got.
                }

                var failures = watch.Failures;
                // Stopped by --count inside a block: that block is verified, but resuming from the
                // next height would miss its remaining transfers, so resume from it (its printed ones repeat).
                var fields = new JsonObject
                {
                    ["account"] = who.ToHex(),
                    ["address"] = address,
                    ["transfers"] = printed,
                    ["verifiedUpToHeight"] = position.LastVerifiedHeight,
                    ["nextHeight"] = position.NextHeight,
                    ["verified"] = true,
                };
                output.Answer(Name, WalletExit.Ok, $"watched account {address}: {printed} verified transfer(s), every block verified up to height {position.LastVerifiedHeight}; --from {position.NextHeight} resumes", fields, failures);
                return WalletExit.Ok;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    // One line per reconnection on stderr, so a person sees why the watch is quiet.
    private static void Retrying(WalletOutput output, WatchRetry retry) => output.Progress(
        $"node {retry.Failure.Node} failed ({retry.Failure.Message}); following {retry.NextNode} "
            + (retry.Delay > TimeSpan.Zero ? $"in {retry.Delay.TotalSeconds:0.#} s" : "now") + $" (retry {retry.Attempt})",
        new JsonObject
        {
            ["event"] = "reconnecting",
            ["failedNode"] = retry.Failure.Node,
            ["reason"] = retry.Failure.Message,
            ["nextNode"] = retry.NextNode,
            ["delayMs"] = (long)retry.Delay.TotalMilliseconds,
            ["attempt"] = retry.Attempt,
        });

    // One line per transfer on stdout: a sentence, or (--json) an object with "event": "transfer".
    private static void Print(WalletOutput output, PublicKey who, VerifiedTransfer verified, string node)
    {
        var transfer = (Transfer)verified.Transaction;
        var direction = transfer.From == transfer.To ? "self" : transfer.From == who ? "out" : "in";
        output.Event($"{direction}: {WalletSession.Describe(verified)} (from {node})", new JsonObject
        {
            ["event"] = "transfer",
            ["transactionId"] = transfer.Id.ToHex(),
            ["height"] = verified.Height,
            ["blockTimestampMs"] = verified.BlockTimestampMs,
            ["direction"] = direction,
            ["amount"] = transfer.Amount,
            ["fromAddress"] = verified.SenderAddress,
            ["toAddress"] = verified.RecipientAddress,
            ["receipt"] = verified.ReceiptStatus,
            ["verified"] = true,
            ["node"] = node,
        });
    }
}
