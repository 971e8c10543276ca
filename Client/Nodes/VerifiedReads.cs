using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;

namespace Ledger.Client.Nodes;

/// <summary>
/// The client API's reads, each answer verified against genesis before it is returned; evidence of
/// an epoch not proven yet first has its epoch proven from the same node (<see cref="EpochProofFetch"/>).
/// </summary>
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
        var verified = await EpochProofFetch.VerifyAsync(client, verifier, () => verifier.VerifyAccount(response, account), deadline, ct).ConfigureAwait(false);
        return new BalanceReading(verified, response.Staleness);
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
            ? new TransferReading(TransferState.Committed, await EpochProofFetch.VerifyAsync(
                client, verifier, () => verifier.VerifyTransfer(response.Committed ?? new TransferProof(), transactionId), deadline, ct).ConfigureAwait(false))
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
        var page = await EpochProofFetch.VerifyAsync(client, verifier, () => verifier.VerifyHistory(response, account, beforeHeight, beforeIndex, limit), deadline, ct).ConfigureAwait(false);
        return new HistoryReading(page, response.Staleness);
    }
}
