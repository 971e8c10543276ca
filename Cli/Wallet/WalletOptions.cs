using Grpc.Core;
using Ledger.Cli.Support;
using Ledger.Client.Evidence;
using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Client.Transfers;

namespace Ledger.Cli.Wallet;

/// <summary>Turns every way a wallet command can fail into its documented exit code and one clear message (or JSON error).</summary>
public static class WalletOptions
{
    public static async Task<int> GuardAsync(WalletOutput output, string command, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (Classify(ex) is { } failure)
        {
            output.Error(command, failure.ExitCode, failure.Message, failure.Failures);
            return failure.ExitCode;
        }
    }

    private static WalletFailure? Classify(Exception ex) => ex switch
    {
        WalletFailure f => f,
        NoNodeAnsweredException n => new WalletFailure(n.AnyFailedVerification ? WalletExit.NotVerified : WalletExit.NoNode, n.Message, n.Failures),
        EvidenceException e => new WalletFailure(WalletExit.NotVerified, e.Message),
        RpcException r => new WalletFailure(WalletExit.NoNode, $"the node answered {r.StatusCode}: {r.Status.Detail}"),
        RequestHistoryIncompleteException => new WalletFailure(WalletExit.Unknown, ex.Message),
        RequestConflictException or ClockBehindException or JournalCorruptException => new WalletFailure(WalletExit.BadInput, ex.Message),
        _ when CliGuard.Describe(ex) is string message => new WalletFailure(WalletExit.BadInput, message),
        _ => null,
    };
}
