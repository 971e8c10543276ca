using System.CommandLine;
using Ledger.Cli.Network;
using Ledger.Cli.Support;

namespace Ledger.Cli.Commands;

/// <summary>`ledger demo`: README's main command: a local 4-organisation network doing real, verified work in under a minute.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var transfers = new Option<int>("--transfers") { Description = "How many transfers to send", DefaultValueFactory = _ => 2000 };
        var basePort = new Option<int>("--base-port") { Description = "First port of the demo network (validator i uses base+10i .. base+10i+2)", DefaultValueFactory = _ => 7600 };
        var keep = new Option<bool>("--keep") { Description = "Keep the testnet folder afterwards" };
        var cmd = new Command("demo", "Run a 4-organisation network locally, stream transfers, verify balances and supply against genesis, stop");
        cmd.Options.Add(transfers);
        cmd.Options.Add(basePort);
        cmd.Options.Add(keep);
        cmd.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(transfers);
            if (count is < 8 or > 1_000_000)
            {
                Console.Error.WriteLine("error: --transfers must be between 8 and 1000000");
                return CliExit.UsageError;
            }

            var runner = new DemoRunner(new DemoOptions(count, parse.GetValue(basePort), parse.GetValue(keep)), Console.Out);
            try
            {
                return await runner.RunAsync(ct).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return CliExit.Rejected;
            }
        });
        return cmd;
    }
}
