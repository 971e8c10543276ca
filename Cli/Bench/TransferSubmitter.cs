using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Ledger.Client.Protos;

namespace Ledger.Cli.Bench;

/// <summary>
/// Submits pre-signed transfers through every validator's client API with a fixed number of calls
/// in flight per validator, and records for each transfer when its acknowledgement arrived
/// (<see cref="Stopwatch"/> ticks) and whether it was accepted. Each call is a SubmitTransfers
/// batch of up to <see cref="BatchSize"/> transfers (one when paced, so each goes out at its time),
/// as a client sending many transfers would. A full mempool (an item's RESOURCE_EXHAUSTED) is
/// back-pressure: the same transfers are offered again a little later. Any other failure or
/// refusal is counted and reported; it fails the run. With a positive <paramref name="rate"/> the
/// load is paced (transfer i is not offered before i/rate seconds), so latency can be measured
/// below saturation; with 0 every transfer is offered as fast as the calls in flight allow.
/// <paramref name="mayOffer"/>, when given, is asked before each transfer is offered: it may wait
/// (a closed loop's outstanding window) or say stop (the load's time is up). Unpaced transfers go
/// <paramref name="maxBatch"/> (at most <see cref="BatchSize"/>) to a SubmitTransfers call; a closed
/// loop must keep workers x maxBatch within its window, or workers holding slots for transfers not
/// yet sent would wait for each other forever.
/// </summary>
public sealed class TransferSubmitter(
    PresignedTransfers transfers, IReadOnlyList<LedgerClient.LedgerClientClient> nodes, int inFlightPerNode, double rate = 0, Func<CancellationToken, ValueTask<bool>>? mayOffer = null, int maxBatch = TransferSubmitter.BatchSize)
{
    /// <summary>Transfers per unpaced call: enough to amortise a call, well within the node's default limits.submitBatchTransfers (1,000).</summary>
    public const int BatchSize = 64;

    private static readonly TimeSpan BackOff = TimeSpan.FromMilliseconds(20);
    private readonly long[] _acknowledgedAt = new long[transfers.Count];
    private readonly bool[] _accepted = new bool[transfers.Count];
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);
    private int _next = -1;
    private int _submitted;
    private int _acceptedCount;
    private long _retries;
    private long _started;

    public int Total => transfers.Count;

    public int Submitted => Volatile.Read(ref _submitted);

    public int Accepted => Volatile.Read(ref _acceptedCount);

    /// <summary>RESOURCE_EXHAUSTED answers: how often the mempools pushed back.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Outcomes other than ACCEPTED and call failures, by description.</summary>
    public IReadOnlyDictionary<string, int> Refusals => _refusals;

    /// <summary>Stopwatch ticks of the acknowledgement of transfer i, or 0 when it was not accepted.</summary>
    public long AcknowledgedAt(int index) => _accepted[index] ? _acknowledgedAt[index] : 0;

    public async Task RunAsync(CancellationToken ct)
    {
        _started = Stopwatch.GetTimestamp();
        var workers = new List<Task>();
        for (int n = 0; n < nodes.Count; n++)
        {
            for (int k = 0; k < inFlightPerNode; k++)
            {
                var client = nodes[n];
                workers.Add(Task.Run(() => WorkAsync(client, ct), ct));
            }
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync(LedgerClient.LedgerClientClient client, CancellationToken ct)
    {
        var take = rate > 0 ? 1 : Math.Min(BatchSize, maxBatch);
        int first;
        while ((first = Interlocked.Add(ref _next, take) - take + 1) < transfers.Count)
        {
            var indexes = Enumerable.Range(first, Math.Min(take, transfers.Count - first)).ToList();
            if (mayOffer is not null && !await TakeSlotsAsync(indexes, ct).ConfigureAwait(false))
            {
                break;
            }

            if (rate > 0)
            {
                TimeSpan wait = TimeSpan.FromSeconds(first / rate) - Stopwatch.GetElapsedTime(_started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                }
            }

            await SubmitAsync(client, indexes, ct).ConfigureAwait(false);
            Interlocked.Add(ref _submitted, indexes.Count);
        }
    }

    // The closed loop: a slot per transfer before the call; once the time is up the batch is cut
    // where no slot was given (the rest are never offered). False when nothing is left to send.
    private async Task<bool> TakeSlotsAsync(List<int> indexes, CancellationToken ct)
    {
        for (var k = 0; k < indexes.Count; k++)
        {
            if (!await mayOffer!(ct).ConfigureAwait(false))
            {
                indexes.RemoveRange(k, indexes.Count - k);
                break;
            }
        }

        return indexes.Count > 0;
    }

    /// <summary>Offers the transfers until each has an answer other than RESOURCE_EXHAUSTED (or the call fails).</summary>
    private async Task SubmitAsync(LedgerClient.LedgerClientClient client, List<int> indexes, CancellationToken ct)
    {
        while (indexes.Count > 0)
        {
            var request = new SubmitTransfersRequest();
            request.Transfers.AddRange(indexes.Select(i => transfers.Encoded[i]));
            SubmitTransfersResponse answer;
            try
            {
                answer = await client.SubmitTransfersAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
            {
                indexes.ForEach(_ => Refuse($"{ex.StatusCode} {ex.Status.Detail}"));
                return;
            }

            if (answer.Results.Count != indexes.Count)
            {
                indexes.ForEach(_ => Refuse($"the node answered {answer.Results.Count} verdicts for {indexes.Count} transfers"));
                return;
            }

            var acknowledged = Stopwatch.GetTimestamp();
            var again = new List<int>();
            for (var k = 0; k < indexes.Count; k++)
            {
                var result = answer.Results[k];
                switch (result.Outcome)
                {
                    case SubmitOutcome.Accepted:
                        _acknowledgedAt[indexes[k]] = acknowledged;
                        Volatile.Write(ref _accepted[indexes[k]], true);
                        Interlocked.Increment(ref _acceptedCount);
                        break;
                    case SubmitOutcome.ResourceExhausted:
                        again.Add(indexes[k]);
                        break;
                    default:
                        Refuse($"{result.Outcome} {result.RejectionCode}".TrimEnd());
                        break;
                }
            }

            indexes = again;
            if (indexes.Count > 0)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(BackOff, ct).ConfigureAwait(false);
            }
        }
    }

    private void Refuse(string reason) => _refusals.AddOrUpdate(reason, 1, (_, n) => n + 1);
}
