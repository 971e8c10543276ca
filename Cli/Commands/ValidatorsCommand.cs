using System.CommandLine;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger validators`: validator-set changes for organisation admins (propose, sign, submit) and
/// the set in force (list). Exit codes and `--json` as the wallet's (README.md, "Validator-set changes").
/// </summary>
public static class ValidatorsCommand
{
    public static Command Create()
    {
        var command = new Command("validators", "Propose, approve and submit validator-set changes; list the validator set in force");
        command.Subcommands.Add(ValidatorsProposeCommand.Create());
        command.Subcommands.Add(ValidatorsSignCommand.Create());
        command.Subcommands.Add(ValidatorsSubmitCommand.Create());
        command.Subcommands.Add(ValidatorsListCommand.Create());
        return command;
    }
}
