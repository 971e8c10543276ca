using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Ledger.Execution;
using Ledger.Client.Protos;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// A man in the middle (behind <see cref="TamperingProxy"/>) that forwards GetTransfer to a real node
/// and turns every successful receipt into InsufficientFunds, in the status it reports and in the
/// proof itself: a wallet that believed it would pay again. Only the receipts root the QC certifies
/// can tell. GetAccountHistory's entries are rewritten the same way.
/// </summary>
internal sealed class ReceiptRewritingLedger(GrpcChannel upstream) : LedgerClient.LedgerClientBase
{
    public override async Task<GetTransferResponse> GetTransfer(GetTransferRequest request, ServerCallContext context)
    {
        var answer = await new LedgerClient.LedgerClientClient(upstream).GetTransferAsync(request, cancellationToken: context.CancellationToken);
        if (answer.Committed is { } committed)
        {
            Rewrite(committed);
        }

        return answer;
    }

    public override async Task<GetAccountHistoryResponse> GetAccountHistory(GetAccountHistoryRequest request, ServerCallContext context)
    {
        var answer = await new LedgerClient.LedgerClientClient(upstream).GetAccountHistoryAsync(request, cancellationToken: context.CancellationToken);
        foreach (var entry in answer.Entries)
        {
            Rewrite(entry);
        }

        return answer;
    }

    private static void Rewrite(TransferProof committed)
    {
        if (committed.ReceiptStatus == nameof(ReceiptStatus.Success))
        {
            TransactionProof proof = TransactionProof.FromBytes(committed.Proof.Span);
            committed.Proof = ByteString.CopyFrom((proof with { Receipt = proof.Receipt with { Status = ReceiptStatus.InsufficientFunds } }).ToBytes());
            committed.ReceiptStatus = nameof(ReceiptStatus.InsufficientFunds);
        }
    }
}
