using System.CommandLine;
using Ledger.Cli.Bench;
using Ledger.Cli.Network;
using Ledger.Cli.Support;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger bench node`: network-level load on a local testnet per block size: committed
/// transfers per second, blocks, commit latency, round timeouts, the validators' CPU per
/// transfer, all against the signature-verification bound C*v/n.
/// </summary>
public static class BenchNodeCommand
{
    public static Command Create()
    {
        var defaults = new NodeBenchOptions();
        var blockSizes = new Option<string>("--block-sizes") { Description = "Comma list of genesis maxBlockTransactions, one run each", DefaultValueFactory = _ => string.Join(',', defaults.BlockSizes) };
        var transfers = new Option<int>("--transfers") { Description = "Pre-signed transfers per run", DefaultValueFactory = _ => defaults.Transfers };
        var warmUp = new Option<int>("--warm-up") { Description = "Transfers committed before the measured load (JIT warm-up), not measured", DefaultValueFactory = _ => defaults.WarmUpTransfers };
        var validators = new Option<int>("--validators") { Description = "Validators (one organisation each)", DefaultValueFactory = _ => defaults.Validators };
        var members = new Option<int>("--members-per-org") { Description = "Members (senders) per organisation", DefaultValueFactory = _ => defaults.MembersPerOrganisation };
        var inFlight = new Option<int>("--in-flight") { Description = "Submissions in flight per validator", DefaultValueFactory = _ => defaults.InFlightPerValidator };
        var rate = new Option<double>("--rate") { Description = "Offered transfers/s over all validators (0: as fast as they are accepted); pace below saturation to see latency without queueing" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one run's load may take before it counts as failed", DefaultValueFactory = _ => (int)defaults.RunTimeout.TotalSeconds };
        var basePort = new Option<int>("--base-port") { Description = "First port (validator i uses base+10i .. base+10i+2)", DefaultValueFactory = _ => defaults.BasePort };
        var keep = new Option<bool>("--keep") { Description = "Keep each run's testnet folder (logs, blocks) afterwards" };
        var command = new Command("node", "Load a local testnet per block size: transfers/s, latency, timeouts, CPU per transfer vs the bound C*v/n");
        foreach (Option option in new Option[] { blockSizes, transfers, warmUp, validators, members, inFlight, rate, timeout, basePort, keep })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            NodeBenchOptions options;
            try
            {
                options = defaults with
                {
                    BlockSizes = NodeBenchOptions.ParseBlockSizes(parse.GetValue(blockSizes) ?? string.Empty),
                    Transfers = parse.GetValue(transfers),
                    WarmUpTransfers = parse.GetValue(warmUp),
                    Validators = parse.GetValue(validators),
                    MembersPerOrganisation = parse.GetValue(members),
                    InFlightPerValidator = parse.GetValue(inFlight),
                    Rate = parse.GetValue(rate),
                    RunTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    BasePort = parse.GetValue(basePort),
                    Keep = parse.GetValue(keep),
                };
                options.Validate();
            }
            catch (CliException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return CliExit.UsageError;
            }

            return await new NodeBenchRunner(options, LedgerLauncher.Current(), Console.Out).RunAsync(ct).ConfigureAwait(false);
        });
        return command;
    }
}
