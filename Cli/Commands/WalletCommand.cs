using System.CommandLine;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet init|transfer|balance|tx|address|keygen|enroll|revoke`: talks to nodes' client API and verifies every
/// answer with genesis alone (QC chain signatures, state proof, transaction and receipt proof) before printing
/// it. Exit codes and `--json` fields are documented in README.md ("The wallet").
/// </summary>
public static class WalletCommand
{
    public static Command Create()
    {
        var command = new Command("wallet", "Send transfers and read balances, verifying every answer against genesis");
        command.Subcommands.Add(WalletInitCommand.Create());
        command.Subcommands.Add(WalletTransferCommand.Create());
        command.Subcommands.Add(WalletBalanceCommand.Create());
        command.Subcommands.Add(WalletTxCommand.Create());
        command.Subcommands.Add(WalletHistoryCommand.Create());
        command.Subcommands.Add(WalletWatchCommand.Create());
        command.Subcommands.Add(WalletAddressCommand.Create());
        command.Subcommands.Add(WalletKeygenCommand.Create());
        command.Subcommands.Add(WalletEnrollCommand.Create());
        command.Subcommands.Add(WalletRevokeCommand.Create());
        return command;
    }
}
