using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Protos.Client;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet transfer|balance|tx`: talks to any node's client API and verifies every answer
/// with genesis alone (QC chain signatures, state proof, inclusion proof) before printing it.
/// </summary>
public static class WalletCommand
{
    public static Command Create()
    {
        var command = new Command("wallet", "Send transfers and read balances, verifying every answer against genesis");
        command.Subcommands.Add(CreateTransfer());
        command.Subcommands.Add(CreateBalance());
        command.Subcommands.Add(CreateTx());
        command.Subcommands.Add(WalletAddressCommand.Create());
        return command;
    }

    private static Command CreateTransfer()
    {
        var (node, genesis) = WalletOptions.Connection();
        var key = new Option<string>("--key") { Description = "The sender's Ed25519 key file (PKCS#8 PEM)", Required = true };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase" };
        var to = new Option<string>("--to") { Description = "Recipient: its address, 64 hex characters, a member name from genesis or a member's short id", Required = true };
        var amount = new Option<ulong>("--amount") { Description = "Amount to move (> 0)", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once accepted, without waiting for the commit proof" };
        var cmd = new Command("transfer", "Sign and submit a transfer, then wait for and verify its commit");
        foreach (Option option in new Option[] { node, genesis, key, passphraseEnv, to, amount, noWait })
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(async (parse, ct) => await WalletOptions.GuardAsync(async () =>
        {
            var session = WalletSession.Open(parse.GetValue(node)!, parse.GetValue(genesis)!);
            using var sender = KeyFile.ImportSigningKey(File.ReadAllText(parse.GetValue(key)!), CliGuard.PassphraseFromEnv(parse.GetValue(passphraseEnv)));
            var recipient = session.ResolveAccount(parse.GetValue(to)!);
            var transfer = Transfer.Create(session.Genesis.ChainId, sender, recipient, parse.GetValue(amount), TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var outcome = await session.SubmitAsync(transfer, ct).ConfigureAwait(false);
            Console.WriteLine(outcome.Describe());
            if (!outcome.Accepted)
            {
                return CliExit.Rejected;
            }

            if (parse.GetValue(noWait))
            {
                return CliExit.Ok;
            }

            var verified = await session.WaitForCommitAsync(transfer.Id, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            Console.WriteLine(WalletSession.Describe(verified));
            return verified.ReceiptStatus == "Success" ? CliExit.Ok : CliExit.Rejected;
        }).ConfigureAwait(false));
        return cmd;
    }

    private static Command CreateBalance()
    {
        var (node, genesis) = WalletOptions.Connection();
        var account = new Option<string?>("--account") { Description = "Account: its address, 64 hex characters, a member name from genesis or a member's short id" };
        var key = new Option<string?>("--key") { Description = "Or: the account's key file (its public key is used)" };
        var cmd = new Command("balance", "Read a balance with its state proof and verify it against a certified state root");
        foreach (Option option in new Option[] { node, genesis, account, key })
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(async (parse, ct) => await WalletOptions.GuardAsync(async () =>
        {
            var session = WalletSession.Open(parse.GetValue(node)!, parse.GetValue(genesis)!);
            PublicKey who;
            if (parse.GetValue(key) is { } keyPath)
            {
                using var signing = KeyFile.ImportSigningKey(File.ReadAllText(keyPath));
                who = signing.PublicKey;
            }
            else
            {
                who = session.ResolveAccount(parse.GetValue(account) ?? throw new CliException("give --account or --key"));
            }

            var balance = await session.GetBalanceAsync(who, ct).ConfigureAwait(false);
            Console.WriteLine(WalletSession.Describe(balance));
            return CliExit.Ok;
        }).ConfigureAwait(false));
        return cmd;
    }

    private static Command CreateTx()
    {
        var (node, genesis) = WalletOptions.Connection();
        var id = new Argument<string>("id") { Description = "Transaction id (64 hex characters)" };
        var cmd = new Command("tx", "Look up a transfer; when committed, verify its inclusion proof and commit evidence");
        cmd.Arguments.Add(id);
        cmd.Options.Add(node);
        cmd.Options.Add(genesis);
        cmd.SetAction(async (parse, ct) => await WalletOptions.GuardAsync(async () =>
        {
            var session = WalletSession.Open(parse.GetValue(node)!, parse.GetValue(genesis)!);
            var text = parse.GetValue(id)!;
            if (text.Length != 64 || !text.All(Uri.IsHexDigit))
            {
                throw new CliException($"'{text}' is not a 64-character hex transaction id");
            }

            var txId = new Hash32(Convert.FromHexString(text));
            var answer = await session.Client.GetTransferAsync(new GetTransferRequest { TransactionId = Google.Protobuf.ByteString.CopyFrom(txId.ToArray()) }, cancellationToken: ct).ConfigureAwait(false);
            if (answer.State != TransferState.Committed)
            {
                Console.WriteLine($"transaction {txId.ToShortHex()}: {answer.State.ToString().ToLowerInvariant()} (node's answer, unverified{NodeStaleness(answer.Staleness)})");
                return answer.State == TransferState.Pending ? CliExit.Ok : CliExit.Rejected;
            }

            Console.WriteLine(WalletSession.Describe(session.Verifier.VerifyTransfer(answer.Committed, txId)));
            return CliExit.Ok;
        }).ConfigureAwait(false));
        return cmd;
    }

    // A node that is not committing may not know a transfer the network committed.
    private static string NodeStaleness(Staleness? staleness) =>
        staleness is null || staleness.Mode is "" or "target" ? string.Empty : $"; the node is {staleness.Mode}, last commit {staleness.AgeMs / 1000} s ago";
}
