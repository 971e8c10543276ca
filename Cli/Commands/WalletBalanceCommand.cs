using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Wallet;
using Ledger.Client.Nodes;
using Ledger.Crypto;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet balance`: a balance with its state proof, verified against a QC-certified state
/// root; says how old that certified state is, the account's proven status (active or revoked),
/// and what the node reports about its own mode.
/// </summary>
public static class WalletBalanceCommand
{
    private const string Name = "balance";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var accountOptions = WalletAccountOptions.Create(positional: false);
        var cmd = new Command(Name, "Read a balance with its state proof and verify it against a certified state root");
        common.AddTo(cmd, accountOptions.AddArgumentTo(cmd));
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                var context = common.Resolve(parse);
                PublicKey who = accountOptions.Resolve(parse, context);

                using var nodes = context.Connect();
                var answer = await nodes.FirstVerifiedAsync((c, t) => VerifiedReads.BalanceAsync(c, nodes.Verifier, who, TimeSpan.FromSeconds(10), t), ct).ConfigureAwait(false);
                var reading = answer.Value;
                var balance = reading.Balance;
                var blockTime = DateTimeOffset.FromUnixTimeMilliseconds(balance.BlockTimestampMs);
                var ageMs = Math.Max(0, (DateTimeOffset.UtcNow - blockTime).TotalMilliseconds);
                var stale = reading.Staleness is { Mode: not "" and not "target" } s
                    ? $"; node {answer.Node} reports mode {s.Mode} ({s.Reason}), last commit {s.AgeMs / 1000.0:0.#} s ago (its own word)"
                    : string.Empty;
                var member = context.MemberName(who);
                var human = $"account {balance.Address}{(member is null ? string.Empty : $" ({member})")}: balance {balance.Balance}{BalanceReport.Human(balance)} "
                    + $"at height {balance.Height} (block time {blockTime:u}, {ageMs / 1000.0:0.#} s ago), state root {balance.StateRoot.ToShortHex()}, total supply {balance.TotalSupply}: "
                    + $"VERIFIED (state proof against a QC-certified root), from {answer.Node}{stale}";
                var fields = new JsonObject
                {
                    ["account"] = who.ToHex(),
                    ["address"] = balance.Address,
                    ["member"] = member,
                    ["balance"] = balance.Balance,
                    ["exists"] = balance.Exists,
                    ["height"] = balance.Height,
                    ["blockTimestampMs"] = balance.BlockTimestampMs,
                    ["certifiedAgeMs"] = (long)ageMs,
                    ["stateRoot"] = balance.StateRoot.ToHex(),
                    ["totalSupply"] = balance.TotalSupply,
                    ["verified"] = true,
                    ["node"] = answer.Node,
                    ["staleness"] = reading.Staleness is { } st
                        ? new JsonObject { ["mode"] = st.Mode, ["reason"] = st.Reason, ["lastCommitUnixMs"] = st.LastCommitUnixMs, ["ageMs"] = st.AgeMs }
                        : null,
                };
                BalanceReport.AddTo(fields, balance);
                output.Answer(Name, WalletExit.Ok, human, fields, answer.Failures);
                return WalletExit.Ok;
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
