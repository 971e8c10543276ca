using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Ledger.Cli.Commands;

/// <summary>`ledger node run --config FILE`: one validator process, until Ctrl-C or SIGTERM.</summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The node's node.json (paths inside are relative to its folder)", Required = true };
        var run = new Command("run", "Run a validator: mutual-TLS peer endpoint, TLS client API, Prometheus metrics");
        run.Options.Add(config);
        run.SetAction(async (parse, ct) =>
        {
            WebApplication app;
            try
            {
                app = NodeHost.Build(parse.GetValue(config)!);
            }
            catch (NodeConfigException ex)
            {
                Console.Error.WriteLine("error: invalid node configuration:");
                foreach (var error in ex.Errors)
                {
                    Console.Error.WriteLine($"  - {error}");
                }

                return CliExit.UsageError;
            }
            catch (Exception ex) when (ex is IOException or FormatException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot start the node: {ex.Message}");
                return CliExit.UsageError;
            }

            await using (app.ConfigureAwait(false))
            {
                // SIGTERM and Ctrl-C reach both the host (which stops itself) and System.CommandLine
                // (which cancels ct and waits for this action): either way the host is stopped
                // through its own shutdown, never abandoned, so a signal is a clean stop with exit
                // code 0. Abandoning the wait with WaitAsync(ct) threw OperationCanceledException,
                // which System.CommandLine reports as exit code 1, and disposed the host while it
                // was still stopping.
                try
                {
                    await app.StartAsync(ct).ConfigureAwait(false);
                    await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // A signal during start-up: StartAsync gave up; stop what it started.
                    await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            return CliExit.Ok;
        });

        var command = new Command("node", "Run a validator node");
        command.Subcommands.Add(run);
        command.Subcommands.Add(NodeHealthCommand.Create());
        return command;
    }
}
