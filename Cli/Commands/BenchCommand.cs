using System.CommandLine;

namespace Ledger.Cli.Commands;

/// <summary>`ledger bench`: the group; each topic adds its own sub-command from its own file.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure performance; output is a table plus a text bar chart");
        command.Subcommands.Add(BenchCryptoCommand.Create());
        command.Subcommands.Add(BenchLedgerCommand.Create());
        command.Subcommands.Add(BenchNodeCommand.Create());
        command.Subcommands.Add(BenchRestartCommand.Create());
        return command;
    }
}
