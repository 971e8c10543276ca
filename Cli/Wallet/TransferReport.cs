using System.Globalization;
using System.Text.Json.Nodes;
using Ledger.Addresses;
using Ledger.Crypto;
using Ledger.Client.Transfers;

namespace Ledger.Cli.Wallet;

/// <summary>How a transfer's outcome is reported: its exit code, the sentence for people, the JSON fields.</summary>
public static class TransferReport
{
    /// <summary>The outcome's exit code; <paramref name="returnAtAcceptance"/> (`--no-wait`) makes a pending transfer a success.</summary>
    public static int ExitCode(TransferOutcome outcome, bool returnAtAcceptance)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            TransferOutcomeKind.Committed => outcome.Succeeded ? WalletExit.Ok : WalletExit.Refused,
            TransferOutcomeKind.Rejected or TransferOutcomeKind.Expired => WalletExit.Refused,
            TransferOutcomeKind.Pending => returnAtAcceptance ? WalletExit.Ok : WalletExit.Unknown,
            TransferOutcomeKind.NotSent => outcome.Failures.Any(f => f.Kind == Client.Nodes.NodeFailureKind.FailedVerification) ? WalletExit.NotVerified : WalletExit.NoNode,
            _ => WalletExit.Unknown,
        };
    }

    public static string Human(TransferOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var id = outcome.Entry.Transfer.Id.ToHex();
        var request = outcome.Entry.RequestId;
        return outcome.Kind switch
        {
            TransferOutcomeKind.Committed when outcome.FromJournal =>
                $"transaction {id} committed at height {outcome.Height}, receipt {outcome.Code} (request {request}; from the journal, verified against genesis when {outcome.Node} first proved it)",
            TransferOutcomeKind.Committed =>
                $"transaction {id} ({outcome.Entry.Transfer.Amount} to {AddressOf(outcome.Entry.Transfer.To, outcome.Entry.Transfer.ChainId)}) committed at height {outcome.Height}, "
                + $"receipt {outcome.Code}: VERIFIED (transaction and receipt proven against the block's state root; "
                + $"block QC + next-round child QC signed by a quorum of the validators of the block's epoch, proven from genesis; from {outcome.Node}; request {request})"
                + (outcome.FromHistory ? "; found in the account's history: the journal had no entry for this request, so nothing was signed" : string.Empty),
            TransferOutcomeKind.Rejected when outcome.Code == "Replay" =>
                $"transaction {id} {outcome.Message}; request {request} stays bound to this transaction. The ledger has seen this request's nonce: "
                + "an earlier signing of the request (by a wallet that lost its journal, or another with the same key) is pending or committed, and at most one of them commits",
            TransferOutcomeKind.Rejected => $"transaction {id} {outcome.Message}; request {request} stays bound to this transaction",
            TransferOutcomeKind.Expired => $"transaction {id} (request {request}) {outcome.Message}",
            TransferOutcomeKind.Pending => $"transaction {id} is pending ({outcome.Message}); it may commit until {outcome.Window.Deadline:u}; re-run with --request-id {request} to follow it",
            TransferOutcomeKind.NotSent => $"transaction {id} not sent: {outcome.Message}; re-run with --request-id {request} to send it",
            _ => outcome.Message,
        };
    }

    // The transfer names its chain, and the chain id gives the address prefix.
    private static string AddressOf(PublicKey key, string chainId) => AddressCodec.ForChain(chainId).Encode(key);

    public static JsonObject Json(TransferOutcome outcome, bool resumed)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var transfer = outcome.Entry.Transfer;
        var fields = new JsonObject
        {
            ["outcome"] = outcome.Kind.ToString().ToLowerInvariant() switch { "notsent" => "notSent", var k => k },
            ["requestId"] = outcome.Entry.RequestId.Value,
            ["transactionId"] = transfer.Id.ToHex(),
            ["resumed"] = resumed,
            ["from"] = transfer.From.ToHex(),
            ["to"] = transfer.To.ToHex(),
            ["fromAddress"] = AddressOf(transfer.From, transfer.ChainId),
            ["toAddress"] = AddressOf(transfer.To, transfer.ChainId),
            ["amount"] = transfer.Amount,
            ["nonce"] = transfer.Nonce.ToHex(),
            ["timestampMs"] = transfer.TimestampMs,
            ["commitDeadline"] = outcome.Window.Deadline.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["commitDeadlineMs"] = outcome.Window.DeadlineMs,
            ["node"] = outcome.Node,
            ["height"] = outcome.Height,
            ["code"] = outcome.Code,
            ["verified"] = outcome.Kind == TransferOutcomeKind.Committed,
            ["fromJournal"] = outcome.FromJournal,
            ["fromHistory"] = outcome.FromHistory,
            ["message"] = Human(outcome),
        };
        return fields;
    }
}
