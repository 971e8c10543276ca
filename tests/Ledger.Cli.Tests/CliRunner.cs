using System.CommandLine;
using Ledger.Cli.Commands;

namespace Ledger.Cli.Tests;

/// <summary>Runs `ledger` sub-commands in-process and captures what they print.</summary>
internal static class CliRunner
{
    private static readonly Lock ConsoleLock = new();

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(PkiCommand.Create());
        root.Subcommands.Add(TestnetCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(WalletCommand.Create());
        root.Subcommands.Add(ValidatorsCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());

        // Console is process-wide; serialise the tests that redirect it.
        lock (ConsoleLock)
        {
            TextWriter oldOut = Console.Out;
            TextWriter oldError = Console.Error;
            using var output = new StringWriter();
            using var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                var configuration = new InvocationConfiguration { Output = output, Error = error };
                int code = root.Parse(args).Invoke(configuration);
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
