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
/// Everything goes on one long-lived <c>Link</c> call (docs/PROTOCOL.md, "Peer links") instead of
/// a unary call per message: the call is opened when the first message needs it (the peer answers
/// with its headers once it has named this node), reopened when it breaks, and replaced after
/// <c>maxLinkAge</c> so the channel's connection lifetime (its bound on trusting one handshake's
/// check of the peer's certificate) still applies. A message written to a call that ended while
/// the link was idle (the peer restarted) is tried once more on a fresh call before it counts as
/// failed.
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
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxLinkAge;
    private AsyncClientStreamingCall<PeerMessage, LinkClosed>? _link;
    private DateTimeOffset _linkOpenedAt;
    private int _queued;

    /// <summary>Response header with which a peer accepts a Link call (after naming the caller).</summary>
    public const string AcceptedHeader = "ledger-link";

    public const string AcceptedValue = "accepted";

    /// <summary>How long opening a link or writing one message may take before the link counts as broken.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The probe: a call that changes nothing at the peer but needs it to answer.</summary>
    private static readonly OutboundItem Probe = new OutboundItem.Transactions([]);

    // Whether this peer's being unreachable has been logged since it was last reached, so the
    // first failure is logged even for a peer never reached (a refused or misaddressed one).
    private bool _unreachableLogged;

    public PeerLink(string name, string endpoint, Replica.ReplicaClient client, int capacity, ILogger logger, Action<string> onDrop, TimeSpan? maxLinkAge = null, TimeProvider? time = null)
    {
        Name = name;
        _time = time ?? TimeProvider.System;
        _maxLinkAge = maxLinkAge is { } age && age > TimeSpan.Zero ? age : TimeSpan.FromMinutes(10);
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

    /// <summary>Link calls this link has opened (the first, and one per reconnect or renewal).</summary>
    public int LinksOpened => Volatile.Read(ref _linksOpened);

    private int _linksOpened;

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

        _link?.Dispose();
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
        var message = ToMessage(item);
        var fresh = false;
        if (_link is null || _link.ResponseAsync.IsCompleted || _time.GetUtcNow() - _linkOpenedAt >= _maxLinkAge)
        {
            await OpenAsync(ct).ConfigureAwait(false);
            fresh = true;
        }

        try
        {
            await WriteAsync(message, ct).ConfigureAwait(false);
        }
        catch (RpcException) when (!fresh && !ct.IsCancellationRequested)
        {
            // The call broke while the link was idle (the peer restarted, say): one more try on a new call.
            await OpenAsync(ct).ConfigureAwait(false);
            await WriteAsync(message, ct).ConfigureAwait(false);
        }
    }

    private static PeerMessage ToMessage(OutboundItem item)
    {
        switch (item)
        {
            case OutboundItem.Consensus c:
                return new PeerMessage { Consensus = new ConsensusEnvelope { Kind = c.Kind, Message = UnsafeByteOperations.UnsafeWrap(c.Message) } };
            case OutboundItem.Transactions t:
                var batch = new TransactionBatch();
                batch.Transactions.AddRange(t.Batch.Select(UnsafeByteOperations.UnsafeWrap));
                return new PeerMessage { Transactions = batch };
            default:
                throw new InvalidOperationException($"unknown outbound item {item.GetType().Name}");
        }
    }

    /// <summary>Ends the current call (letting the peer finish what it read) and opens one the peer has accepted, or throws RpcException.</summary>
    private async Task OpenAsync(CancellationToken ct)
    {
        await CloseAsync(ct).ConfigureAwait(false);
        var call = _client.Link(cancellationToken: ct);
        _link = call;
        _linkOpenedAt = _time.GetUtcNow();
        Interlocked.Increment(ref _linksOpened);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        Metadata headers;
        try
        {
            headers = await call.ResponseHeadersAsync.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is RpcException or OperationCanceledException or IOException or InvalidOperationException)
        {
            throw await BrokenAsync(call, ex, ct).ConfigureAwait(false);
        }

        if (headers.GetValue(AcceptedHeader) != AcceptedValue)
        {
            // Refused before it started (an unauthenticated or over-limit caller): the call's status says why.
            throw await BrokenAsync(call, null, ct).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(PeerMessage message, CancellationToken ct)
    {
        var call = _link!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await call.RequestStream.WriteAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is RpcException or OperationCanceledException or IOException or InvalidOperationException)
        {
            throw await BrokenAsync(call, ex, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Drops a call that failed; the RpcException to report, with the peer's status when it sent one.</summary>
    private async Task<RpcException> BrokenAsync(AsyncClientStreamingCall<PeerMessage, LinkClosed> call, Exception? cause, CancellationToken ct)
    {
        if (ReferenceEquals(_link, call))
        {
            _link = null;
        }

        try
        {
            var status = call.ResponseAsync.IsCompleted || cause is null ? await StatusOfAsync(call, ct).ConfigureAwait(false)
                : cause is RpcException rpc ? rpc.Status
                : cause is OperationCanceledException ? new Status(StatusCode.DeadlineExceeded, $"no progress on the link within {SendTimeout.TotalSeconds:0} s")
                : new Status(StatusCode.Unavailable, cause.Message);
            return new RpcException(status);
        }
        finally
        {
            call.Dispose();
        }
    }

    /// <summary>How the peer ended a call, waiting at most <see cref="SendTimeout"/> for it to say.</summary>
    private static async Task<Status> StatusOfAsync(AsyncClientStreamingCall<PeerMessage, LinkClosed> call, CancellationToken ct)
    {
        try
        {
            await call.ResponseAsync.WaitAsync(SendTimeout, ct).ConfigureAwait(false);
            return new Status(StatusCode.Unavailable, "the peer ended the link");
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
        catch (TimeoutException)
        {
            return new Status(StatusCode.DeadlineExceeded, $"the peer neither accepted nor refused the link within {SendTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Ends the open call, if any: the peer handles what it has read and answers, within <see cref="SendTimeout"/>.</summary>
    private async Task CloseAsync(CancellationToken ct)
    {
        if (_link is not { } call)
        {
            return;
        }

        _link = null;
        try
        {
            if (!call.ResponseAsync.IsCompleted)
            {
                await call.RequestStream.CompleteAsync().WaitAsync(SendTimeout, ct).ConfigureAwait(false);
                await call.ResponseAsync.WaitAsync(SendTimeout, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RpcException or TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // It was broken already, or the peer is slow to answer: the call is dropped either way.
        }
        finally
        {
            call.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} reachable at {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string peer, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} unreachable: {Code} {Detail}")]
    private static partial void LogDisconnected(ILogger logger, string peer, StatusCode code, string detail);
}
