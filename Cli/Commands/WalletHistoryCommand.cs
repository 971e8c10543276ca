using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Nodes;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet history [ACCOUNT]`: one page of an account's committed transfers, newest first,
/// from the first node whose page verifies: every entry's transaction proof and commit evidence
/// against genesis, that it names the account, and that the page is in order and inside the cursor
/// asked for. What cannot be verified is said: a node can leave entries out, so the page is never
/// reported complete.
/// </summary>
public static class WalletHistoryCommand
{
    private const string Name = "history";

    /// <summary>Said with every page, in words and in `--json` (`completenessProven: false`).</summary>
    public const string NotComplete = "NOT PROVEN COMPLETE: a node can leave transfers out of a history; the balance is the proven total";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var accountOptions = WalletAccountOptions.Create(positional: true);
        var limit = new Option<int?>("--limit") { Description = "Most transfers in the page (default: the node's page size, limits.historyPageSize)" };
        var before = new Option<string?>("--before") { Description = "Only transfers before this position: a height H (blocks below H) or H:I (a page's nextBefore)" };
        var cmd = new Command(Name, "List an account's committed transfers, newest first, each verified against genesis (a page is not proven complete)");
        common.AddTo(cmd, [.. accountOptions.AddArgumentTo(cmd), limit, before]);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                var wanted = parse.GetValue(limit) ?? 0;
                if (parse.GetValue(limit) is { } l && l < 1)
                {
                    throw new CliException($"--limit must be at least 1, got {l}");
                }

                var (beforeHeight, beforeIndex) = ParseBefore(parse.GetValue(before));
                var context = common.Resolve(parse);
                var who = accountOptions.Resolve(parse, context);
                using var nodes = context.Connect();
                NodeAnswer<HistoryReading> answer;
                try
                {
                    answer = await nodes.FirstVerifiedAsync(
                        (c, t) => VerifiedReads.HistoryAsync(c, nodes.Verifier, who, beforeHeight, beforeIndex, (uint)wanted, TimeSpan.FromSeconds(30), t), ct).ConfigureAwait(false);
                }
                catch (NoNodeAnsweredException ex) when (wanted > 0 && ex.Failures.FirstOrDefault(f => f.Status == StatusCode.OutOfRange) is { } refused)
                {
                    // The node is up and refuses a page this large: the wallet asked too much, which is bad input, not an outage.
                    throw new WalletFailure(WalletExit.BadInput,
                        $"--limit {wanted} is more than node {refused.Node} gives in one page ({refused.Message}); ask for at most its page size and page on with --before (each page prints its nextBefore)",
                        ex.Failures);
                }

                var page = answer.Value.Page;
                var address = nodes.Verifier.AddressOf(who);
                var member = context.MemberName(who);
                var next = page.ReachedGenesis ? null : $"{page.NextBeforeHeight}:{page.NextBeforeIndex}";
                var entries = new JsonArray();
                var lines = new List<string>();
                foreach (var entry in page.Entries)
                {
                    var transfer = (Transfer)entry.Transaction;
                    var direction = transfer.From == transfer.To ? "self" : transfer.From == who ? "out" : "in";
                    entries.Add(new JsonObject
                    {
                        ["transactionId"] = transfer.Id.ToHex(),
                        ["height"] = entry.Height,
                        ["blockTimestampMs"] = entry.BlockTimestampMs,
                        ["direction"] = direction,
                        ["amount"] = transfer.Amount,
                        ["fromAddress"] = entry.SenderAddress,
                        ["toAddress"] = entry.RecipientAddress,
                        ["receipt"] = entry.ReceiptStatus,
                        ["verified"] = true,
                    });
                    var counterparty = direction == "out" ? $"to {entry.RecipientAddress}" : $"from {entry.SenderAddress}";
                    lines.Add($"  {entry.Height,8}  {DateTimeOffset.FromUnixTimeMilliseconds(entry.BlockTimestampMs):u}  {direction,-4} {transfer.Amount,12} {counterparty}  {entry.ReceiptStatus}  {transfer.Id.ToShortHex()}");
                }

                var head = $"account {address}{(member is null ? string.Empty : $" ({member})")}: {page.Entries.Count} committed transfer(s) "
                    + (beforeHeight == 0 ? "from the head" : $"before {beforeHeight}:{beforeIndex}")
                    + $", each VERIFIED (transaction and receipt proven against its block's QC-certified state root), from {answer.Node}";
                var tail = next is null
                    ? $"the node says it read down to genesis; {NotComplete}"
                    : $"more may follow: --before {next}; {NotComplete}";
                var human = string.Join(Environment.NewLine, [head, .. lines, tail]);
                var fields = new JsonObject
                {
                    ["account"] = who.ToHex(),
                    ["address"] = address,
                    ["member"] = member,
                    ["node"] = answer.Node,
                    ["entries"] = entries,
                    ["verified"] = true,
                    ["completenessProven"] = false,
                    ["reachedGenesis"] = page.ReachedGenesis,
                    ["nextBefore"] = next,
                    ["scannedFromHeight"] = page.ScannedFromHeight,
                    ["staleness"] = answer.Value.Staleness is { } st
                        ? new JsonObject { ["mode"] = st.Mode, ["reason"] = st.Reason, ["lastCommitUnixMs"] = st.LastCommitUnixMs, ["ageMs"] = st.AgeMs }
                        : null,
                };
                output.Answer(Name, WalletExit.Ok, human, fields, answer.Failures);
                return WalletExit.Ok;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    /// <summary>`--before`: absent (from the head), H (blocks below H) or H:I (a page's nextBefore).</summary>
    public static (ulong Height, uint Index) ParseBefore(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (0, 0);
        }

        var parts = text.Split(':');
        if (parts.Length > 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var height) || height == 0
            || (parts.Length == 2 && !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new CliException($"--before must be a height H >= 1 or H:I (a page's nextBefore), got '{text}'");
        }

        return (height, parts.Length == 2 ? uint.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
    }
}
