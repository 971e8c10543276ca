using System.CommandLine;
using Ledger.Cli.Commands;

// The `ledger` command. Each sub-command lives in Cli/Commands/ and is registered here, one line each.
var root = new RootCommand("ledger: a BFT settlement ledger node, its wallet, PKI and tools");

root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(PkiCommand.Create());
root.Subcommands.Add(TestnetCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(SimCommand.Create());

return await root.Parse(args).InvokeAsync();
