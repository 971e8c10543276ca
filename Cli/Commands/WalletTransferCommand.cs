using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Requests;
using Ledger.Client.Transfers;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet transfer`: retry-safe. The transfer is signed once per request id (its nonce
/// derived from the key and the request id), journaled in the profile and its id printed before
/// anything is sent; running the same command with the same --request-id re-sends those bytes and
/// reports the one outcome. Waits until it commits or can no longer commit, unless --no-wait.
/// </summary>
public static class WalletTransferCommand
{
    private const string Name = "transfer";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var key = new Option<string?>("--key") { Description = "The sender's Ed25519 key file, PKCS#8 PEM (default: the profile's)" };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase" };
        var to = new Option<string>("--to") { Description = "Recipient: its address, 64 hex characters, a member name from genesis or a member's short id (a mistyped address is refused before signing)", Required = true };
        var amount = new Option<ulong>("--amount") { Description = "Amount to move (> 0)", Required = true };
        var requestId = new Option<string?>("--request-id") { Description = "Names this payment (1-64 of A-Z a-z 0-9 . _ : -); the same id always means the same signed transfer. Default: a new one, printed before sending" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the transfer commits or can no longer commit (the default)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once a node has accepted the transfer" };
        var timeout = new Option<double?>("--timeout") { Description = "Stop waiting after this many seconds and report the outcome as unknown (default: no limit)" };
        var cmd = new Command(Name, "Sign, journal and submit a transfer, then wait for and verify its commit");
        common.AddTo(cmd, key, passphraseEnv, to, amount, requestId, wait, noWait, timeout);

        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                if (parse.GetValue(wait) && parse.GetValue(noWait))
                {
                    throw new CliException("give --wait or --no-wait, not both");
                }

                if (parse.GetValue(amount) == 0)
                {
                    throw new CliException("--amount must be positive");
                }

                if (parse.GetValue(timeout) is { } t && (t <= 0 || double.IsNaN(t) || t > TimeSpan.MaxValue.TotalSeconds))
                {
                    throw new CliException("--timeout must be a positive number of seconds");
                }

                var context = common.Resolve(parse);
                var recipient = context.ResolveAccount(parse.GetValue(to)!);
                var id = parse.GetValue(requestId) is { } given ? RequestId.Parse(given) : RequestId.New(TimeProvider.System);
                using var sender = context.LoadKey(parse.GetValue(key), parse.GetValue(passphraseEnv));
                if (parse.GetValue(requestId) is null)
                {
                    output.Progress($"request id {id} (re-run with --request-id {id} to resume this payment)", new JsonObject { ["event"] = "requestId", ["requestId"] = id.Value });
                }

                using var nodes = context.Connect();
                var client = new TransferClient(nodes, context.Journal(), TimeProvider.System, new TransferClientOptions());
                var prepared = await client.PrepareAsync(sender, recipient, parse.GetValue(amount), id, ct, newRequestId: parse.GetValue(requestId) is null).ConfigureAwait(false);
                var transfer = prepared.Entry.Transfer;
                if (prepared.Search is { } search)
                {
                    output.Progress(
                        search.Found is { } found
                            ? $"request {id} is not in this wallet's journal; the account's history holds its committed transaction {transfer.Id.ToHex()} (height {found.Height}, verified), so nothing is signed"
                            : $"request {id} is not in this wallet's journal; {search.Describe()}; none has this request's nonce, so it is signed now "
                                + "(should an earlier signing of it still be pending, the ledger commits at most one of the two: they share the sender and nonce, which its replay guard refuses twice within the window)",
                        new JsonObject
                        {
                            ["event"] = "historySearched",
                            ["requestId"] = id.Value,
                            ["found"] = search.Found is not null,
                            ["pages"] = search.Pages,
                            ["entriesRead"] = search.EntriesRead,
                            ["scannedFromHeight"] = search.ScannedFromHeight,
                            ["reachedGenesis"] = search.ReachedGenesis,
                            ["completenessProven"] = false,
                        });
                }

                output.Progress(
                    (prepared.Resumed ? $"resuming request {id}: transaction {transfer.Id.ToHex()} signed at " : $"request {id}: transaction {transfer.Id.ToHex()} signed at ")
                    + $"{DateTimeOffset.FromUnixTimeMilliseconds(transfer.TimestampMs):u} and journaled ({prepared.Entry.Path}); it can commit until {prepared.Window.Deadline:u}",
                    new JsonObject
                    {
                        ["event"] = prepared.Resumed ? "resumed" : "signed",
                        ["requestId"] = id.Value,
                        ["transactionId"] = transfer.Id.ToHex(),
                        ["journal"] = prepared.Entry.Path,
                        ["commitDeadlineMs"] = prepared.Window.DeadlineMs,
                    });

                bool returnAtAcceptance = parse.GetValue(noWait);
                TransferOutcome outcome;
                try
                {
                    outcome = returnAtAcceptance
                        ? await client.ResolveAsync(prepared, send: true, ct).ConfigureAwait(false)
                        : await client.WaitAsync(prepared, parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl-C while the transfer may be in flight: say so rather than nothing.
                    outcome = new TransferOutcome(TransferOutcomeKind.Unknown, prepared.Entry, prepared.Window, null, null, null,
                        $"outcome unknown (interrupted); transaction {transfer.Id.ToHex()} may still commit until {prepared.Window.Deadline:u}; re-run with --request-id {id} to resume", []);
                }

                var failures = prepared.Failures.Concat(outcome.Failures).ToList();
                int exit = TransferReport.ExitCode(outcome, returnAtAcceptance);
                if (exit is WalletExit.NoNode or WalletExit.NotVerified)
                {
                    output.Error(Name, exit, TransferReport.Human(outcome), failures, TransferReport.Json(outcome, prepared.Resumed));
                }
                else
                {
                    output.Answer(Name, exit, TransferReport.Human(outcome), TransferReport.Json(outcome, prepared.Resumed), failures);
                }

                return exit;
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
