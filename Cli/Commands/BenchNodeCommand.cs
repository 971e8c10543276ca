using System.CommandLine;
using Ledger.Cli.Bench;
using Ledger.Cli.Network;
using Ledger.Cli.Support;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger bench node`: the signature-cost experiment. Network-level load on a local testnet per
/// signature scheme and block size: committed transfers per second, blocks, commit latency, round
/// timeouts, the validators' CPU per transfer, all against the signature-verification bound C*v/n;
/// a table, optionally a CSV and a PNG chart.
/// </summary>
public static class BenchNodeCommand
{
    public static Command Create()
    {
        var defaults = new NodeBenchOptions();
        var blockSizes = new Option<string>("--block-sizes") { Description = "Comma list of genesis maxBlockTransactions, one run each per scheme", DefaultValueFactory = _ => string.Join(',', defaults.BlockSizes) };
        var schemes = new Option<string>("--schemes") { Description = "Comma list of client signature schemes: ed25519 (checked), none (validators skip client signature checks; benchmark host only)", DefaultValueFactory = _ => string.Join(',', defaults.Schemes) };
        var transfers = new Option<int>("--transfers") { Description = "Most transfers one run's measured load offers (all pre-signed)", DefaultValueFactory = _ => defaults.Transfers };
        var duration = new Option<int>("--duration") { Description = "Seconds each run's measured load offers transfers; then every accepted one is waited for", DefaultValueFactory = _ => (int)defaults.Duration.TotalSeconds };
        var warmUp = new Option<int>("--warm-up") { Description = "Seconds of load before the measured load (JIT warm-up), not measured", DefaultValueFactory = _ => (int)defaults.WarmUp.TotalSeconds };
        var outstanding = new Option<int>("--outstanding") { Description = "Closed loop: most transfers offered and not yet committed (0: 4 blocks per validator, 16 to 20000)" };
        var csv = new Option<string?>("--csv") { Description = "Also write one CSV row per run to this file" };
        var chart = new Option<string?>("--chart") { Description = "Also draw throughput and latency against block size into this PNG file" };
        var validators = new Option<int>("--validators") { Description = "Validators (one organisation each)", DefaultValueFactory = _ => defaults.Validators };
        var members = new Option<int>("--members-per-org") { Description = "Members (senders) per organisation", DefaultValueFactory = _ => defaults.MembersPerOrganisation };
        var inFlight = new Option<int>("--in-flight") { Description = "Submissions in flight per validator", DefaultValueFactory = _ => defaults.InFlightPerValidator };
        var rate = new Option<double>("--rate") { Description = "Offered transfers/s over all validators (0: as fast as the outstanding window allows); pace below saturation to see latency without queueing" };
        var halfPeak = new Option<bool>("--half-peak") { Description = "After each unpaced run, run it again offered at half the transfers/s it committed (latency at half of peak load)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one run's load may take before it counts as failed", DefaultValueFactory = _ => (int)defaults.RunTimeout.TotalSeconds };
        var basePort = new Option<int>("--base-port") { Description = "First port (validator i uses base+10i .. base+10i+2)", DefaultValueFactory = _ => defaults.BasePort };
        var keep = new Option<bool>("--keep") { Description = "Keep each run's testnet folder (logs, blocks) afterwards" };
        var command = new Command("node", "The signature-cost experiment: a local testnet per scheme and block size, transfers/s, latency, timeouts, CPU per transfer vs the bound C*v/n");
        foreach (Option option in new Option[] { blockSizes, schemes, transfers, duration, warmUp, outstanding, validators, members, inFlight, rate, halfPeak, timeout, basePort, keep, csv, chart })
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
                    Schemes = NodeBenchOptions.ParseSchemes(parse.GetValue(schemes) ?? string.Empty),
                    Transfers = parse.GetValue(transfers),
                    Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                    WarmUp = TimeSpan.FromSeconds(parse.GetValue(warmUp)),
                    Outstanding = parse.GetValue(outstanding),
                    CsvPath = parse.GetValue(csv),
                    ChartPath = parse.GetValue(chart),
                    Validators = parse.GetValue(validators),
                    MembersPerOrganisation = parse.GetValue(members),
                    InFlightPerValidator = parse.GetValue(inFlight),
                    Rate = parse.GetValue(rate),
                    HalfPeak = parse.GetValue(halfPeak),
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

            return await new NodeBenchRunner(options, NodeBenchLaunchers.With(LedgerLauncher.Current()), Console.Out).RunAsync(ct).ConfigureAwait(false);
        });
        return command;
    }
}
