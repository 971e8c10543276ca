using System.CommandLine;
using Ledger.Cli.Commands;
using Ledger.Cli.Support;

// The `ledger` command. Each sub-command lives in Cli/Commands/ and is registered here, one line each.
var root = new RootCommand("ledger: a BFT settlement ledger node, its wallet, PKI and tools");

root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(PkiCommand.Create());
root.Subcommands.Add(TestnetCommand.Create());
root.Subcommands.Add(SimCommand.Create());
root.Subcommands.Add(NodeCommand.Create());
root.Subcommands.Add(WalletCommand.Create());
root.Subcommands.Add(ValidatorsCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(ChaosCommand.Create());

// Long-running commands (node run, testnet up, demo) need more than the default 2 s to stop cleanly after Ctrl-C or SIGTERM.
var parse = root.Parse(args);
var exit = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

// Usage errors (a missing or malformed option) are exit 2 like every other bad input, not System.CommandLine's 1.
return parse.Errors.Count > 0 ? CliExit.UsageError : exit;
