using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;

namespace Ledger.Client.Nodes;

/// <summary>The client API's reads, each answer verified against genesis before it is returned.</summary>
public static class VerifiedReads
{
    public static async Task<BalanceReading> BalanceAsync(LedgerClient.LedgerClientClient client, EvidenceVerifier verifier, PublicKey account, TimeSpan deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(verifier);
        var response = await client.GetAccountAsync(
            new GetAccountRequest { PublicKey = ByteString.CopyFrom(account.ToArray()) },
            deadline: DateTime.UtcNow + deadline,
            cancellationToken: ct).ConfigureAwait(false);
        return new BalanceReading(verifier.VerifyAccount(response, account), response.Staleness);
    }

    public static async Task<TransferReading> TransferAsync(LedgerClient.LedgerClientClient client, EvidenceVerifier verifier, Hash32 transactionId, TimeSpan deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(verifier);
        var response = await client.GetTransferAsync(
            new GetTransferRequest { TransactionId = ByteString.CopyFrom(transactionId.ToArray()) },
            deadline: DateTime.UtcNow + deadline,
            cancellationToken: ct).ConfigureAwait(false);
        return response.State == TransferState.Committed
            ? new TransferReading(TransferState.Committed, verifier.VerifyTransfer(response.Committed ?? new TransferProof(), transactionId))
            : new TransferReading(response.State, null);
    }

    /// <summary>One page of the account's history, every entry verified (<see cref="EvidenceVerifier.VerifyHistory"/>); not proven complete.</summary>
    public static async Task<HistoryReading> HistoryAsync(LedgerClient.LedgerClientClient client, EvidenceVerifier verifier, PublicKey account, ulong beforeHeight, uint beforeIndex, uint limit, TimeSpan deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(verifier);
        var response = await client.GetAccountHistoryAsync(
            new GetAccountHistoryRequest { PublicKey = ByteString.CopyFrom(account.ToArray()), BeforeHeight = beforeHeight, BeforeIndex = beforeIndex, Limit = limit },
            deadline: DateTime.UtcNow + deadline,
            cancellationToken: ct).ConfigureAwait(false);
        return new HistoryReading(verifier.VerifyHistory(response, account, beforeHeight, beforeIndex, limit), response.Staleness);
    }
}
