using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Ledger.Node.Snapshots;
using Microsoft.AspNetCore.Builder;

namespace Ledger.Cli.Commands;

/// <summary>`ledger node run --config FILE`: one validator process, until Ctrl-C or SIGTERM; `ledger node init` (its first safety record); `ledger node status` (<see cref="NodeStatusCommand"/>).</summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The node's node.json (paths inside are relative to its folder)", Required = true };
        var run = new Command("run", "Run a validator: mutual-TLS peer endpoint, TLS client API, Prometheus metrics");
        run.Options.Add(config);
        run.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(config)!;
            WebApplication app;
            Serilog.ILogger logger;

            // Outlives each host: a replica far behind stops and is built again in this process to install a snapshot.
            var running = new RunningSnapshotInstall();
            try
            {
                var (nodeConfig, directory) = NodeHost.LoadConfig(path);
                logger = NodeLogging.Create(nodeConfig, directory);
                app = NodeHost.Build(path, logger, running: running);
            }
            catch (Exception ex) when (IsSetupFailure(ex))
            {
                ReportSetupFailure(ex, "cannot start the node: ");
                return CliExit.UsageError;
            }

            // A rebuild reads node.json and its files again, which may have changed while the node ran:
            // such a failure is reported like one at start, not as an unhandled exception.
            Exception? rebuildFailure = null;
            WebApplication Rebuild()
            {
                try
                {
                    return NodeHost.Build(path, logger, running: running);
                }
                catch (Exception ex) when (IsSetupFailure(ex))
                {
                    rebuildFailure = ex;
                    throw;
                }
            }

            try
            {
                await NodeRun.UntilStoppedAsync(app, ct, Rebuild, running).ConfigureAwait(false);
            }
            catch (Exception ex) when (ReferenceEquals(ex, rebuildFailure))
            {
                ReportSetupFailure(ex, "cannot restart the node to install a snapshot: ");
                return CliExit.UsageError;
            }

            return CliExit.Ok;
        });

        var command = new Command("node", "Set up or run a validator node, or ask nodes for their status");
        command.Subcommands.Add(InitCommand());
        command.Subcommands.Add(run);
        command.Subcommands.Add(NodeHealthCommand.Create());
        command.Subcommands.Add(NodeStatusCommand.Create());
        return command;
    }

    /// <summary>
    /// `ledger node init --config FILE`: a new validator's first safety record, written once when its
    /// node is set up (`testnet init` does it for its nodes), so that at start a missing record
    /// always means a lost one and the node abstains (docs/ARCHITECTURE.md, "Safety record").
    /// </summary>
    private static Command InitCommand()
    {
        var config = new Option<string>("--config") { Description = "The new node's node.json; its data folder must be empty", Required = true };
        var init = new Command("init", "Write a new validator's first safety record into its empty data folder (once, before its first start)");
        init.Options.Add(config);
        init.SetAction(parse =>
        {
            try
            {
                var folder = NodeHost.InitialiseSafetyRecord(parse.GetValue(config)!);
                Console.WriteLine($"wrote the initial safety record in {folder}");
                return CliExit.Ok;
            }
            catch (Exception ex) when (IsSetupFailure(ex))
            {
                ReportSetupFailure(ex, string.Empty);
                return CliExit.UsageError;
            }
        });
        return init;
    }

    /// <summary>A node.json that does not validate, or files it names that cannot be read or used.</summary>
    private static bool IsSetupFailure(Exception ex) =>
        ex is NodeConfigException or IOException or FormatException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException;

    /// <summary>Prints every configuration problem, or the file problem after <paramref name="context"/>.</summary>
    private static void ReportSetupFailure(Exception ex, string context)
    {
        if (ex is NodeConfigException invalid)
        {
            Console.Error.WriteLine("error: invalid node configuration:");
            foreach (var error in invalid.Errors)
            {
                Console.Error.WriteLine($"  - {error}");
            }

            return;
        }

        Console.Error.WriteLine($"error: {context}{ex.Message}");
    }
}
