using System.Text.Json.Nodes;
using Ledger.Client.Membership;
using Ledger.Client.Nodes;

namespace Ledger.Cli.Wallet;

/// <summary>How an enrolment's or a revocation's outcome is reported: its exit code, the sentence for people, the JSON fields.</summary>
public static class MembershipReport
{
    public static int ExitCode(MembershipOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            MembershipOutcomeKind.Committed => outcome.Succeeded ? WalletExit.Ok : WalletExit.Refused,
            MembershipOutcomeKind.Rejected => WalletExit.Refused,
            MembershipOutcomeKind.Pending => WalletExit.Unknown,
            _ => outcome.Failures.Any(f => f.Kind == NodeFailureKind.FailedVerification) ? WalletExit.NotVerified : WalletExit.NoNode,
        };
    }

    /// <summary><paramref name="what"/> names the transaction for people, e.g. "enrolment of alice (org1)".</summary>
    public static string Human(MembershipOutcome outcome, string what)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var id = outcome.TransactionId.ToHex();
        return outcome.Kind switch
        {
            MembershipOutcomeKind.Committed =>
                $"{what}: transaction {id} committed at height {outcome.Committed!.Height}, receipt {outcome.Code}: VERIFIED "
                + $"(transaction and receipt proven against the block's state root; block QC + next-round child QC signed by a quorum of the validators of the block's epoch, proven from genesis; from {outcome.Node})",
            MembershipOutcomeKind.Rejected => $"{what}: transaction {id} {outcome.Message} (the node's word; nothing was committed)",
            MembershipOutcomeKind.Pending => $"{what}: transaction {id} {outcome.Message}",
            _ => $"{what}: transaction {id} not sent: {outcome.Message}",
        };
    }

    public static JsonObject Json(MembershipOutcome outcome, string what, JsonObject subject)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(subject);
        var fields = new JsonObject
        {
            ["outcome"] = outcome.Kind switch
            {
                MembershipOutcomeKind.Committed => "committed",
                MembershipOutcomeKind.Rejected => "rejected",
                MembershipOutcomeKind.Pending => "pending",
                _ => "notSent",
            },
            ["transactionId"] = outcome.TransactionId.ToHex(),
            ["node"] = outcome.Node,
            ["height"] = outcome.Committed?.Height,
            ["blockTimestampMs"] = outcome.Committed?.BlockTimestampMs,
            ["code"] = outcome.Code,
            ["verified"] = outcome.Kind == MembershipOutcomeKind.Committed,
        };
        foreach (var (key, value) in subject.ToList())
        {
            subject.Remove(key);
            fields[key] = value;
        }

        fields["message"] = Human(outcome, what);
        return fields;
    }

    /// <summary>Writes the outcome as an answer (exit 0, 3, 4) or an error (exit 5, 6) and returns the exit code.</summary>
    public static int Write(WalletOutput output, string command, MembershipOutcome outcome, string what, JsonObject subject)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outcome);
        int exit = ExitCode(outcome);
        if (exit is WalletExit.NoNode or WalletExit.NotVerified)
        {
            output.Error(command, exit, Human(outcome, what), outcome.Failures, Json(outcome, what, subject));
        }
        else
        {
            output.Answer(command, exit, Human(outcome, what), Json(outcome, what, subject), outcome.Failures);
        }

        return exit;
    }
}
