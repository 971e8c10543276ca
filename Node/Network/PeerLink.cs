using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Network;

/// <summary>
/// One peer's outbound path: two bounded queues drained by its own task, so a slow or dead peer
/// never blocks the event loop. Consensus messages go first; transaction gossip only when no
/// consensus message waits, so a burst of client traffic cannot delay or crowd out votes. When a
/// queue is full its oldest item is dropped and counted: consensus tolerates lost messages
/// (timeouts and block sync recover), it does not tolerate a stalled loop. Failed sends back off
/// exponentially up to a quarter of a second, so a peer that comes up is reached quickly. While
/// the peer is unreachable and nothing is queued, the link probes it with an empty gossip batch,
/// so it learns the peer is back without waiting for traffic and raises <see cref="Reachable"/>:
/// what was sent meanwhile is lost, and the replica re-sends what the peer needs.
/// The idle pump waits on one doorbell that every enqueue rings, never on the two queues at once:
/// waiting on both and abandoning the loser left a waiter behind on the other queue per send.
/// </summary>
public sealed partial class PeerLink : IAsyncDisposable
{
    private readonly Channel<OutboundItem> _consensus;
    private readonly Channel<OutboundItem> _gossip;
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Replica.ReplicaClient _client;
    private readonly ILogger _logger;
    private readonly Action<string> _onDrop;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private int _queued;

    /// <summary>The probe: a call that changes nothing at the peer but needs it to answer.</summary>
    private static readonly OutboundItem Probe = new OutboundItem.Transactions([]);

    // Whether this peer's being unreachable has been logged since it was last reached, so the
    // first failure is logged even for a peer never reached (a refused or misaddressed one).
    private bool _unreachableLogged;

    public PeerLink(string name, string endpoint, Replica.ReplicaClient client, int capacity, ILogger logger, Action<string> onDrop)
    {
        Name = name;
        Endpoint = endpoint;
        _client = client;
        _logger = logger;
        _onDrop = onDrop;
        _consensus = Channel.CreateBounded<OutboundItem>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => { Interlocked.Decrement(ref _queued); _onDrop(Name); });
        _gossip = Channel.CreateBounded<OutboundItem>(
            new BoundedChannelOptions(Math.Max(1, capacity / 16)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => { Interlocked.Decrement(ref _queued); _onDrop(Name); });
        _pump = Task.Run(() => PumpAsync(_stop.Token));
    }

    public string Name { get; }

    public string Endpoint { get; }

    public Replica.ReplicaClient Client => _client;

    public bool Connected { get; private set; }

    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Raised (on the link's task) with the peer's name when a send succeeds after sends failed.</summary>
    public event Action<string>? Reachable;

    /// <summary>Queues without waiting; never blocks the caller.</summary>
    public void Enqueue(OutboundItem item)
    {
        var queue = item is OutboundItem.Consensus ? _consensus : _gossip;
        if (queue.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _queued);

            // Rung after the write, so a pump that found both queues empty wakes for this item.
            _doorbell.Writer.TryWrite(true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _consensus.Writer.TryComplete();
        _gossip.Writer.TryComplete();
        _doorbell.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the point.
        }
        _stop.Dispose();
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(20);
        var failing = false;
        while (!ct.IsCancellationRequested)
        {
            if (_consensus.Reader.TryRead(out var item) || _gossip.Reader.TryRead(out item))
            {
                Interlocked.Decrement(ref _queued);
            }
            else if (failing)
            {
                item = Probe;
            }
            else
            {
                // One waiter at a time; a ring for an item already sent only costs an empty pass.
                if (!await _doorbell.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    return;
                }

                _doorbell.Reader.TryRead(out _);
                continue;
            }

            try
            {
                await SendAsync(item, ct).ConfigureAwait(false);
                if (!Connected)
                {
                    LogConnected(_logger, Name, Endpoint);
                }

                Connected = true;
                _unreachableLogged = false;
                backoff = TimeSpan.FromMilliseconds(20);
                if (failing)
                {
                    failing = false;
                    Reachable?.Invoke(Name);
                }
            }
            catch (RpcException) when (ct.IsCancellationRequested)
            {
                // Stopping: the call in flight ends however the transport says (CANCELLED, or
                // UNAVAILABLE when the peer is shutting down too); either way there is nothing to retry.
                return;
            }
            catch (RpcException ex)
            {
                if (Connected || !_unreachableLogged)
                {
                    LogDisconnected(_logger, Name, ex.Status.StatusCode, ex.Status.Detail);
                    _unreachableLogged = true;
                }

                Connected = false;
                failing = true;
                await Task.Delay(backoff, ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMilliseconds(250).Ticks));
            }
        }
    }

    private async Task SendAsync(OutboundItem item, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(3);
        switch (item)
        {
            case OutboundItem.Consensus c:
                await _client.DeliverAsync(new ConsensusEnvelope { Kind = c.Kind, Message = UnsafeByteOperations.UnsafeWrap(c.Message) }, deadline: deadline, cancellationToken: ct).ConfigureAwait(false);
                break;
            case OutboundItem.Transactions t:
                var batch = new TransactionBatch();
                batch.Transactions.AddRange(t.Batch.Select(UnsafeByteOperations.UnsafeWrap));
                await _client.GossipTransactionsAsync(batch, deadline: deadline, cancellationToken: ct).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"unknown outbound item {item.GetType().Name}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} reachable at {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string peer, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} unreachable: {Code} {Detail}")]
    private static partial void LogDisconnected(ILogger logger, string peer, StatusCode code, string detail);
}
