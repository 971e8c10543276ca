using System.Runtime.InteropServices;
using Ledger.BenchHost;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Microsoft.AspNetCore.Builder;

// The benchmark's validator host: a separate executable that `ledger bench node --schemes none`
// launches so its validators skip client signature checks. `ledger node run` never runs this code.
//
//   Ledger.BenchHost unchecked-node --config node.json
//
// Exit codes: 0 stopped cleanly (SIGTERM, Ctrl-C), 2 bad usage or a refused configuration.
if (args.Length != 3 || args[0] != "unchecked-node" || args[1] != "--config")
{
    Console.Error.WriteLine("usage: Ledger.BenchHost unchecked-node --config node.json");
    return 2;
}

using var stopping = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

WebApplication app;
try
{
    app = UncheckedNodeHost.Build(args[2]);
}
catch (NodeConfigException ex)
{
    Console.Error.WriteLine($"error: invalid node configuration: {string.Join("; ", ex.Errors)}");
    return 2;
}
catch (Exception ex) when (ex is BenchHostException or FormatException or IOException or UnauthorizedAccessException or Ledger.Crypto.Keys.KeyFileException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

Console.WriteLine("BENCHMARK validator: client signatures are NOT checked (ledger bench node --schemes none only)");
await NodeRun.UntilStoppedAsync(app, stopping.Token).ConfigureAwait(false);

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
