using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Ledger.Client.Protos;

namespace Ledger.Cli.Bench;

/// <summary>
/// Submits pre-signed transfers through every validator's client API with a fixed number of calls
/// in flight per validator, and records for each transfer when its acknowledgement arrived
/// (<see cref="Stopwatch"/> ticks) and whether it was accepted. A full mempool (RESOURCE_EXHAUSTED)
/// is back-pressure: the same transfer is offered again a little later. Any other failure or
/// refusal is counted and reported; it fails the run. With a positive <paramref name="rate"/> the
/// load is paced (transfer i is not offered before i/rate seconds), so latency can be measured
/// below saturation; with 0 every transfer is offered as fast as the calls in flight allow.
/// <paramref name="mayOffer"/>, when given, is asked before each transfer is offered: it may wait
/// (a closed loop's outstanding window) or say stop (the load's time is up).
/// </summary>
public sealed class TransferSubmitter(
    PresignedTransfers transfers, IReadOnlyList<LedgerClient.LedgerClientClient> nodes, int inFlightPerNode, double rate = 0, Func<CancellationToken, ValueTask<bool>>? mayOffer = null)
{
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
        int index;
        while ((index = Interlocked.Increment(ref _next)) < transfers.Count)
        {
            if (mayOffer is not null && !await mayOffer(ct).ConfigureAwait(false))
            {
                break;
            }

            if (rate > 0)
            {
                TimeSpan wait = TimeSpan.FromSeconds(index / rate) - Stopwatch.GetElapsedTime(_started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                }
            }

            var request = new SubmitTransferRequest { Transfer = transfers.Encoded[index] };
            while (true)
            {
                try
                {
                    var answer = await client.SubmitTransferAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct).ConfigureAwait(false);
                    if (answer.Outcome == SubmitOutcome.Accepted)
                    {
                        _acknowledgedAt[index] = Stopwatch.GetTimestamp();
                        Volatile.Write(ref _accepted[index], true);
                        Interlocked.Increment(ref _acceptedCount);
                    }
                    else
                    {
                        Refuse($"{answer.Outcome} {answer.RejectionCode}".TrimEnd());
                    }

                    break;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref _retries);
                    await Task.Delay(BackOff, ct).ConfigureAwait(false);
                }
                catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
                {
                    Refuse($"{ex.StatusCode} {ex.Status.Detail}");
                    break;
                }
            }

            Interlocked.Increment(ref _submitted);
        }
    }

    private void Refuse(string reason) => _refusals.AddOrUpdate(reason, 1, (_, n) => n + 1);
}
