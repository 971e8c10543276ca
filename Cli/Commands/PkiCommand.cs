using System.CommandLine;

namespace Ledger.Cli.Commands;

/// <summary>`ledger pki`: organisation CAs, identities, revocation and verification.</summary>
public static class PkiCommand
{
    public static Command Create()
    {
        var command = new Command("pki", "Organisation CAs, identity certificates, revocation lists and certificate checks");
        command.Subcommands.Add(PkiInitOrgCommand.Create());
        command.Subcommands.Add(PkiIssueCommand.Create());
        command.Subcommands.Add(PkiSignCsrCommand.Create());
        command.Subcommands.Add(PkiRevokeCommand.Create());
        command.Subcommands.Add(PkiVerifyCommand.Create());
        return command;
    }
}
