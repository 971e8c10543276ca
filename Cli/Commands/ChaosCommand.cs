using System.CommandLine;
using Ledger.Chaos.Running;
using Ledger.Chaos.Scenarios;
using Ledger.Cli.Network;
using Ledger.Cli.Support;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger chaos`: Byzantine validators and network faults against fresh local networks of real
/// processes while a bank workload runs through the client library; checks supply, balances,
/// exactly-once commits, agreement, stores and recovery; ends with a table and exits 1 on any
/// violation (2 on bad usage).
/// </summary>
public static class ChaosCommand
{
    public static Command Create()
    {
        var scenarios = new Option<string>("--scenarios") { Description = $"Comma-separated scenarios, or all (the default; with --short: {string.Join(", ", ChaosScenarios.Short.Select(s => s.Name))}): {string.Join(", ", ChaosScenarios.All.Select(s => s.Name))}" };
        var seconds = new Option<int?>("--seconds") { Description = "Seconds of faults per scenario (default 60, or 10 with --short)" };
        var brief = new Option<bool>("--short") { Description = "The CI profile: three scenarios unless --scenarios says otherwise, about 10 s of faults each, shorter pauses, bounded bursts" };
        var basePort = new Option<int>("--base-port") { Description = "Validator i uses base+10i .. base+10i+2; link proxies base+100+10i+j", DefaultValueFactory = _ => 8400 };
        var directory = new Option<string?>("--dir") { Description = "Work folder (default: a new folder in the temporary directory)" };
        var keep = new Option<bool>("--keep") { Description = "Keep every scenario's folder (a failed scenario's is always kept)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload and of the faults' random choices", DefaultValueFactory = _ => 1 };
        var command = new Command("chaos", "Byzantine validators and network faults against local networks under a bank workload; checks every invariant, prints a table");
        foreach (Option option in new Option[] { scenarios, seconds, brief, basePort, directory, keep, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            ChaosOptions options;
            try
            {
                var named = parse.GetValue(scenarios);
                var chosen = named is null && parse.GetValue(brief) ? ChaosScenarios.Short : ChaosScenarios.Select(named);
                var work = parse.GetValue(directory) ?? Path.Combine(Path.GetTempPath(), "ledger-chaos-" + Guid.NewGuid().ToString("N")[..8]);
                var launchers = new ChaosLaunchers(LedgerLauncher.Current(), ChaosLaunchers.ByzantineHost());
                options = parse.GetValue(brief)
                    ? ChaosOptions.Short(chosen, parse.GetValue(basePort), work, launchers)
                    : new ChaosOptions { Scenarios = chosen, BasePort = parse.GetValue(basePort), WorkDirectory = work, Launchers = launchers };
                if (parse.GetValue(seconds) is { } s)
                {
                    options = s is >= 2 and <= 3600 ? options with { FaultDuration = TimeSpan.FromSeconds(s) } : throw new ArgumentException("--seconds must be between 2 and 3600");
                }

                options = options with { Keep = parse.GetValue(keep), Seed = parse.GetValue(seed) };
                new ChaosNetworkOptions { Directory = work, Scenario = "check", Validators = chosen.Max(c => c.Validators), BasePort = options.BasePort, Launchers = launchers }.Validate();
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return CliExit.UsageError;
            }

            var (passed, _) = await new ChaosRunner(options, Console.Out).RunAsync(ct).ConfigureAwait(false);
            return passed ? CliExit.Ok : CliExit.Rejected;
        });
        return command;
    }
}
