using System.CommandLine;
using Grpc.Core;
using Ledger.Cli.Support;
using Ledger.Client.Evidence;

namespace Ledger.Cli.Wallet;

/// <summary>Options and error handling shared by the wallet commands.</summary>
public static class WalletOptions
{
    public static (Option<string> Node, Option<string> Genesis) Connection() =>
        (new Option<string>("--node") { Description = "A node's client endpoint, host:port", Required = true },
         new Option<string>("--genesis") { Description = "genesis.json: the only thing the wallet trusts", Required = true });

    /// <summary>Turns node errors and failed verification into one line on stderr and an exit code.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (EvidenceException ex)
        {
            Console.Error.WriteLine($"NOT VERIFIED: {ex.Message}");
            return CliExit.Rejected;
        }
        catch (RpcException ex)
        {
            Console.Error.WriteLine($"error: the node answered {ex.StatusCode}: {ex.Status.Detail}");
            return CliExit.Rejected;
        }
        catch (TimeoutException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return CliExit.Rejected;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return CliGuard.Run(() => throw ex);
        }
    }
}
