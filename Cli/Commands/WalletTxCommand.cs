using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Crypto;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet tx ID`: asks the nodes in turn; a committed transaction is reported only with
/// its transaction proof (inclusion and receipt) and commit evidence verified. Pending or unknown
/// is each node's word.
/// </summary>
public static class WalletTxCommand
{
    private const string Name = "tx";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var id = new Argument<string>("id") { Description = "Transaction id (64 hex characters)" };
        var cmd = new Command(Name, "Look up a transfer; when committed, verify its inclusion, its receipt and its commit evidence");
        cmd.Arguments.Add(id);
        common.AddTo(cmd);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                var text = parse.GetValue(id)!;
                if (text.Length != 64 || !text.All(Uri.IsHexDigit))
                {
                    throw new CliException($"'{text}' is not a 64-character hex transaction id");
                }

                var txId = new Hash32(Convert.FromHexString(text));
                var context = common.Resolve(parse);
                using var nodes = context.Connect();

                // A node that has not seen it may lag behind one that committed it: ask on until one proves a commit.
                var failures = new List<NodeFailure>();
                (string Node, TransferReading Reading)? best = null;
                for (var i = 0; i < nodes.Count; i++)
                {
                    var (reading, failure) = await LedgerNodes.TryAsync(nodes.Name(i), nodes.Client(i), (c, t) => VerifiedReads.TransferAsync(c, nodes.Verifier, txId, TimeSpan.FromSeconds(10), t), ct).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        failures.Add(nodes.Explain(failure));
                        continue;
                    }

                    if (best is null || reading!.State == TransferState.Committed || (reading.State == TransferState.Pending && best.Value.Reading.State != TransferState.Pending))
                    {
                        best = (nodes.Name(i), reading!);
                    }

                    if (reading!.State == TransferState.Committed)
                    {
                        break;
                    }
                }

                if (best is not { } found)
                {
                    throw new NoNodeAnsweredException(failures);
                }

                var state = found.Reading.State switch
                {
                    TransferState.Committed => "committed",
                    TransferState.Pending => "pending",
                    _ => "unknown",
                };
                var fields = new JsonObject { ["transactionId"] = txId.ToHex(), ["state"] = state, ["node"] = found.Node, ["verified"] = found.Reading.Committed is not null };
                if (found.Reading.Committed is { } committed)
                {
                    fields["height"] = committed.Height;
                    fields["receipt"] = committed.ReceiptStatus;
                    fields["blockTimestampMs"] = committed.BlockTimestampMs;
                    fields["fromAddress"] = committed.SenderAddress;
                    fields["toAddress"] = committed.RecipientAddress;
                    var exit = committed.ReceiptStatus == "Success" ? WalletExit.Ok : WalletExit.Refused;
                    output.Answer(Name, exit, WalletSession.Describe(committed) + $" (from {found.Node})", fields, failures);
                    return exit;
                }

                output.Answer(Name, WalletExit.Unknown, $"transaction {txId.ToHex()}: {state} at {found.Node} (its word; nothing is proven until it commits)", fields, failures);
                return WalletExit.Unknown;
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
