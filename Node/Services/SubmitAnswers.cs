using Google.Protobuf;
using Ledger.Client.Protos;
using Ledger.Node.Mempool;

namespace Ledger.Node.Services;

/// <summary>
/// The client API's answer for one mempool verdict, shared by SubmitTransfer and SubmitTransfers
/// so a transfer gets the same outcome, code and sentence whichever call carried it.
/// </summary>
internal static class SubmitAnswers
{
    /// <summary>
    /// The answer without the proof an ALREADY_COMMITTED unary submit adds; a full mempool, sender
    /// quota or signature verifiers' queue is <see cref="SubmitOutcome.ResourceExhausted"/> (the unary call turns it into
    /// the call's status instead).
    /// </summary>
    public static SubmitTransferResponse From(SubmitVerdict verdict) => new()
    {
        TransactionId = ByteString.CopyFrom(verdict.Id.ToArray()),
        Message = verdict.Message,
        RejectionCode = verdict.Code ?? string.Empty,
        Outcome = verdict.Status switch
        {
            SubmitStatus.Accepted => SubmitOutcome.Accepted,
            SubmitStatus.AlreadyPending => SubmitOutcome.AlreadyPending,
            SubmitStatus.AlreadyCommitted => SubmitOutcome.AlreadyCommitted,
            SubmitStatus.MempoolFull or SubmitStatus.SenderQuotaExceeded or SubmitStatus.VerifiersBusy => SubmitOutcome.ResourceExhausted,
            _ => SubmitOutcome.Rejected,
        },
    };

    /// <summary>Counts a refusal by its code (the unary call's metric): rejections, a full pool, a sender at its quota, full verifiers.</summary>
    public static void CountRefusal(SubmitVerdict verdict, Observability.NodeMetrics metrics)
    {
        switch (verdict.Status)
        {
            case SubmitStatus.MempoolFull or SubmitStatus.SenderQuotaExceeded or SubmitStatus.VerifiersBusy:
                metrics.Rejected(verdict.Code ?? "MempoolFull");
                break;
            case SubmitStatus.Rejected:
                metrics.Rejected(verdict.Code ?? "Rejected");
                break;
            default:
                break;
        }
    }
}
