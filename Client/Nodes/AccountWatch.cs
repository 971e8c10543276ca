using System.Runtime.CompilerServices;
using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Transactions;

namespace Ledger.Client.Nodes;

/// <summary>
/// Follows one node's commits (StreamCommits) and yields the account's transfers as they commit.
/// Every block from the watch's position on is fetched with GetBlock and its QC chain verified
/// against genesis, each block's parent must be the previous verified block (so no block is
/// skipped, whatever the notices say), its payload is read for the account's transfers, and each
/// of those is then verified as `wallet tx` does (GetTransfer: inclusion, receipt, commit evidence)
/// and must be proven at that height. A notice is only a prompt: nothing it says is trusted.
/// </summary>
public static class AccountWatch
{
    public static async IAsyncEnumerable<VerifiedTransfer> FollowAsync(
        LedgerClient.LedgerClientClient client, EvidenceVerifier verifier, PublicKey account, WatchPosition position, TimeSpan callDeadline, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(position);
        using var stream = client.StreamCommits(new StreamCommitsRequest { FromHeight = position.NextHeight }, cancellationToken: ct);
        while (await stream.ResponseStream.MoveNext(ct).ConfigureAwait(false))
        {
            var notice = stream.ResponseStream.Current;
            if (position.NextHeight == 0)
            {
                // Following from now: the first notice says where now is.
                position.NextHeight = notice.Height;
            }

            for (; position.NextHeight <= notice.Height; position.NextHeight++)
            {
                foreach (var transfer in await BlockTransfersAsync(client, verifier, account, position, callDeadline, ct).ConfigureAwait(false))
                {
                    yield return transfer;
                }
            }
        }
    }

    // Verifies block position.NextHeight and returns the account's transfers in it, each verified.
    private static async Task<List<VerifiedTransfer>> BlockTransfersAsync(
        LedgerClient.LedgerClientClient client, EvidenceVerifier verifier, PublicKey account, WatchPosition position, TimeSpan callDeadline, CancellationToken ct)
    {
        var height = position.NextHeight;
        var answer = await client.GetBlockAsync(new GetBlockRequest { Height = height }, deadline: DateTime.UtcNow + callDeadline, cancellationToken: ct).ConfigureAwait(false);
        if (!answer.Found)
        {
            throw new EvidenceException($"the node announced a commit at height {height} but has no block there");
        }

        var certified = await EpochProofFetch.VerifyAsync(client, verifier, () => verifier.VerifyCommitted(answer.Evidence ?? new CommitEvidence()), callDeadline, ct).ConfigureAwait(false);
        if (certified.Height != height || certified.Block is null)
        {
            throw new EvidenceException($"the node answered block {certified.Height} for height {height}, or left the block out");
        }

        if (position.LastBlockId is { } previous && certified.Block.ParentId != previous)
        {
            throw new EvidenceException($"certified block {height} does not extend the block verified before it ({previous.ToShortHex()})");
        }

        var found = new List<VerifiedTransfer>();
        foreach (var transaction in verifier.TransactionsOf(certified))
        {
            if (transaction is Transfer transfer && (transfer.From == account || transfer.To == account))
            {
                var reading = await VerifiedReads.TransferAsync(client, verifier, transfer.Id, callDeadline, ct).ConfigureAwait(false);
                if (reading.Committed is not { } committed || committed.Height != height)
                {
                    throw new EvidenceException($"transfer {transfer.Id.ToShortHex()} is in certified block {height} but the node did not prove it committed there");
                }

                found.Add(committed);
            }
        }

        position.LastBlockId = certified.Block.Id;
        position.LastVerifiedHeight = height;
        return found;
    }

    /// <summary>Whether a stream that ended with <paramref name="ex"/> should simply be reopened from the position (a replay or lag limit), rather than counted as the node failing.</summary>
    public static bool IsResumable(RpcException ex) =>
        (ex ?? throw new ArgumentNullException(nameof(ex))).StatusCode is StatusCode.OutOfRange or StatusCode.ResourceExhausted && ex.Status.Detail.Contains("from_height", StringComparison.Ordinal);
}
