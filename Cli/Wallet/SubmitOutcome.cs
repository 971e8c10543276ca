using Ledger.Crypto;
using Ledger.Node.Protos.Client;

namespace Ledger.Cli.Wallet;

/// <summary>A node's answer to a submission, as the wallet reports it.</summary>
public sealed record SubmitOutcome(Hash32 TransactionId, SubmitTransferResponse Response)
{
    public bool Accepted => Response.Outcome is Node.Protos.Client.SubmitOutcome.Accepted
        or Node.Protos.Client.SubmitOutcome.AlreadyPending
        or Node.Protos.Client.SubmitOutcome.AlreadyCommitted;

    // What the node says about a submission is its word only (unverified); the commit that
    // follows is checked against genesis and says so.
    public string Describe() => Response.Outcome switch
    {
        Node.Protos.Client.SubmitOutcome.Accepted => $"accepted: transaction {TransactionId.ToHex()} (node's answer, unverified)",
        Node.Protos.Client.SubmitOutcome.AlreadyPending => $"already pending: transaction {TransactionId.ToHex()} (node's answer, unverified)",
        Node.Protos.Client.SubmitOutcome.AlreadyCommitted => $"{Response.Message}: transaction {TransactionId.ToHex()} (node's answer, unverified)",
        _ => $"rejected ({Response.RejectionCode}): {Response.Message} (node's answer, unverified)",
    };
}
