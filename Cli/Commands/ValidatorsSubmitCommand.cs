using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Validators;
using Ledger.Cli.Wallet;
using Ledger.Client.Membership;
using Ledger.Client.Transfers;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger validators submit`: sends an approved change file to the nodes and waits for its
/// verified commit, like `wallet revoke`. Today every node refuses it ("validator-set changes are
/// not enabled on this node"), which is reported with the node's code and exit 3.
/// </summary>
public static class ValidatorsSubmitCommand
{
    private const string Name = "validators submit";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var change = new Option<string>("--change") { Description = "The approved change file", Required = true };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the commit before reporting it pending (exit 4)", DefaultValueFactory = _ => 60 };
        var cmd = new Command("submit", "Submit an approved validator-set change to the nodes; wait for and verify the commit");
        common.AddTo(cmd, change, timeout);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                var limit = MembershipLimits.Timeout(parse.GetValue(timeout));
                var context = common.Resolve(parse);
                ValidatorSetChange submitted = ChangeFile.Read(parse.GetValue(change)!);
                if (!string.Equals(submitted.ChainId, context.Genesis.ChainId, StringComparison.Ordinal))
                {
                    throw new CliException($"the change is for chain '{submitted.ChainId}', the wallet's genesis is chain '{context.Genesis.ChainId}'");
                }

                if (submitted.EncodedLength > context.Genesis.Parameters.MaxTransactionBytes)
                {
                    throw new CliException($"the change is {submitted.EncodedLength} bytes, more than the chain's maxTransactionBytes ({context.Genesis.Parameters.MaxTransactionBytes}); split it into smaller changes");
                }

                using var nodes = context.Connect();
                var outcome = await new MembershipClient(nodes, TimeProvider.System, new TransferClientOptions()).SubmitAsync(submitted, limit, ct).ConfigureAwait(false);
                return MembershipReport.Write(output, Name, outcome, $"validator-set change to epoch {submitted.TargetEpoch} ({string.Join("; ", submitted.Operations.Select(o => o.Describe()))})", new JsonObject
                {
                    ["kind"] = "validatorSetChange",
                    ["targetEpoch"] = submitted.TargetEpoch,
                    ["approvals"] = submitted.Approvals.Count,
                });
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
