using System.Diagnostics;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Cli.Bench;

/// <summary>
/// Per-transfer commit latency: from the submission's acknowledgement to the commit notice of the
/// block holding it. The commit stream carries only counts, so the blocks are fetched afterwards
/// (not during the timed load, whose CPU it would take) and their payloads decoded for the ids.
/// </summary>
public static class CommitLatencies
{
    public static async Task<LatencyStats> CollectAsync(
        LedgerClient.LedgerClientClient client,
        GenesisDocument genesis,
        IEnumerable<(ulong Height, uint Transactions, long SeenAt)> blocks,
        PresignedTransfers transfers,
        TransferSubmitter submitter,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(submitter);
        var limits = PayloadLimits.From(genesis.Parameters);
        var samples = new List<double>(transfers.Count);
        foreach (var (height, count, seenAt) in blocks.Where(b => b.Transactions > 0))
        {
            var answer = await client.GetBlockAsync(new GetBlockRequest { Height = height }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct).ConfigureAwait(false);
            if (!answer.Found)
            {
                throw new InvalidOperationException($"the node announced block {height} ({count} transfers) but does not serve it");
            }

            var block = CommitCertificate.Decode(answer.Evidence.Certificate.Span).DecodeBlock(genesis.ChainId);
            foreach (Transaction transaction in PayloadCodec.Decode(block.Payload, limits))
            {
                int index = transfers.IndexOf(transaction.Id);
                long acknowledged = index < 0 ? 0 : submitter.AcknowledgedAt(index);
                if (acknowledged != 0)
                {
                    // A commit can overtake its own acknowledgement on the wire; that is zero latency.
                    samples.Add(Math.Max(0, Stopwatch.GetElapsedTime(acknowledged, seenAt).TotalMilliseconds));
                }
            }
        }

        return LatencyStats.From(samples);
    }
}
