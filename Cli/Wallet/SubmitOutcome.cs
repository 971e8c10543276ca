using Ledger.Client.Protos;
using Ledger.Crypto;

namespace Ledger.Cli.Wallet;

/// <summary>A node's answer to a submission, as the wallet reports it.</summary>
public sealed record SubmitOutcome(Hash32 TransactionId, SubmitTransferResponse Response)
{
    public bool Accepted => Response.Outcome is Ledger.Client.Protos.SubmitOutcome.Accepted
        or Ledger.Client.Protos.SubmitOutcome.AlreadyPending
        or Ledger.Client.Protos.SubmitOutcome.AlreadyCommitted;

    public string Describe() => Response.Outcome switch
    {
        Ledger.Client.Protos.SubmitOutcome.Accepted => $"accepted: transaction {TransactionId.ToHex()}",
        Ledger.Client.Protos.SubmitOutcome.AlreadyPending => $"already pending: transaction {TransactionId.ToHex()}",
        Ledger.Client.Protos.SubmitOutcome.AlreadyCommitted => $"{Response.Message}: transaction {TransactionId.ToHex()}",
        _ => $"rejected ({Response.RejectionCode}): {Response.Message}",
    };
}
