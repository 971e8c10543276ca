using System.CommandLine;
using Ledger.Cli.Network;
using Ledger.Cli.Support;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>`ledger testnet up --dir DIR`: every validator of an initialised testnet as its own process, with a live status table.</summary>
public static class TestnetUpCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "A folder made by `ledger testnet init`", Required = true };
        var cmd = new Command("up", "Start every validator of a testnet on loopback and show their status until Ctrl-C or SIGTERM");
        cmd.Options.Add(dir);
        cmd.SetAction(async (parse, ct) =>
        {
            LocalNetwork network;
            try
            {
                network = new LocalNetwork(parse.GetValue(dir)!, LedgerLauncher.Current());
            }
            catch (Exception ex) when (ex is IOException or FormatException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return CliExit.UsageError;
            }

            await using (network.ConfigureAwait(false))
            {
                network.StartAll();
                Console.WriteLine($"started {network.Validators.Count} validators; logs in {network.LogDirectory}; Ctrl-C stops them all");
                var interactive = !Console.IsOutputRedirected;
                try
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var table = await StatusTable.RenderAsync(network, ct).ConfigureAwait(false);
                        if (interactive)
                        {
                            Console.Clear();
                            Console.WriteLine($"testnet {network.Genesis.ChainId} in {network.Directory}  (Ctrl-C to stop)");
                        }

                        Console.WriteLine(table);
                        await Task.Delay(interactive ? 1000 : 5000, ct).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: fall through to the clean stop.
                }

                Console.WriteLine("stopping validators ...");
                var exits = await network.StopAllAsync().ConfigureAwait(false);
                var unclean = exits.Where(e => e.Value != 0).Select(e => $"{e.Key} (exit code {e.Value})").ToList();
                Console.WriteLine(unclean.Count == 0
                    ? "all validators stopped"
                    : $"all validators stopped; not cleanly: {string.Join(", ", unclean)}; see {network.LogDirectory}");
            }

            return CliExit.Ok;
        });
        return cmd;
    }
}
