using Ledger.Chaos.Byzantine;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using System.Runtime.InteropServices;

// The Byzantine validator host: a separate executable that `ledger chaos` launches for the
// validators a scenario makes Byzantine. `ledger node run` never runs this code.
//
//   Ledger.Chaos byzantine-node --config node.json --misbehave equivocate,double-vote[,...] [--seed N]
//
// Exit codes: 0 stopped cleanly (SIGTERM, Ctrl-C), 2 bad usage or a refused configuration.
if (args.Length == 0 || args[0] != "byzantine-node")
{
    Console.Error.WriteLine($"usage: Ledger.Chaos byzantine-node --config node.json --misbehave {string.Join(",", MisbehaviourNames.All)} [--seed N]");
    return 2;
}

// From the first moment: the driver may stop this validator while it is still starting.
using var stopping = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

string? config = null;
string? misbehave = null;
var seed = Environment.ProcessId;
for (var i = 1; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--config" when value is not null:
            config = value;
            i++;
            break;
        case "--misbehave" when value is not null:
            misbehave = value;
            i++;
            break;
        case "--seed" when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed):
            seed = parsed;
            i++;
            break;
        default:
            Console.Error.WriteLine($"error: unexpected argument '{args[i]}'");
            return 2;
    }
}

if (config is null || misbehave is null)
{
    Console.Error.WriteLine("error: --config and --misbehave are required");
    return 2;
}

WebApplication app;
Misbehaviour behaviour;
try
{
    behaviour = MisbehaviourNames.Parse(misbehave);
    app = ByzantineNodeHost.Build(config, behaviour, seed);
}
catch (NodeConfigException ex)
{
    Console.Error.WriteLine($"error: invalid node configuration: {string.Join("; ", ex.Errors)}");
    return 2;
}
catch (Exception ex) when (ex is ByzantineHostException or FormatException or IOException or UnauthorizedAccessException or Ledger.Crypto.Keys.KeyFileException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

Console.WriteLine($"BYZANTINE validator (chaos test only): {MisbehaviourNames.Format(behaviour)}, seed {seed}");
await NodeRun.UntilStoppedAsync(app, stopping.Token).ConfigureAwait(false);

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
