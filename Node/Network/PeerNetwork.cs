using Google.Protobuf;
using Grpc.Net.Client;
using Ledger.Node.Configuration;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Network;

/// <summary>The node's outbound links to every other validator, by genesis name.</summary>
public sealed class PeerNetwork : IConsensusOutbox, IAsyncDisposable
{
    private readonly Dictionary<string, PeerLink> _links = new(StringComparer.Ordinal);
    private readonly List<GrpcChannel> _channels = [];
    private readonly List<string> _names = [];
    private readonly GossipBatcher _gossip = new(GossipBatchSize, GossipInterval);
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _gossipFlusher;

    public PeerNetwork(IEnumerable<PeerConfig> peers, PeerChannelFactory channels, int queueCapacity, ILogger logger, Action<string> onDrop, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(channels);
        _time = time ?? TimeProvider.System;
        foreach (var peer in peers)
        {
            var channel = channels.Create(peer.Name, HostPort.Parse(peer.Endpoint));
            _channels.Add(channel);
            _names.Add(peer.Name);
            var link = new PeerLink(peer.Name, peer.Endpoint, new Replica.ReplicaClient(channel), queueCapacity, logger, onDrop, channels.ReverifyAfter, _time);
            link.Reachable += name => PeerReachable?.Invoke(name);
            _links.Add(peer.Name, link);
        }

        _gossipFlusher = Task.Run(() => FlushGossipLoopAsync(_stop.Token));
    }

    public IReadOnlyCollection<PeerLink> Links => _links.Values;

    /// <summary>A peer's link works again after sends to it failed (raised on that link's task).</summary>
    public event Action<string>? PeerReachable;

    public IReadOnlyList<string> PeerNames => _names;

    public bool TryGet(string name, out PeerLink link) => _links.TryGetValue(name, out link!);

    public void Send(string validator, MessageKind kind, byte[] message)
    {
        if (_links.TryGetValue(validator, out var link))
        {
            link.Enqueue(new OutboundItem.Consensus(kind, message));
        }
    }

    public void Broadcast(MessageKind kind, byte[] message)
    {
        foreach (var link in _links.Values)
        {
            link.Enqueue(new OutboundItem.Consensus(kind, message));
        }
    }

    /// <summary>
    /// Queues transactions for every peer, batched by <see cref="GossipBatcher"/>: under load every
    /// <see cref="GossipInterval"/> or <see cref="GossipBatchSize"/> at a time, after a quiet spell at once.
    /// </summary>
    public void Gossip(IReadOnlyList<ReadOnlyMemory<byte>> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        IReadOnlyList<ReadOnlyMemory<byte>>? batch;
        lock (_gossip)
        {
            batch = _gossip.Add(transactions, _time.GetUtcNow());
        }

        Send(batch);
    }

    public const int GossipBatchSize = 256;

    public static readonly TimeSpan GossipInterval = TimeSpan.FromMilliseconds(5);

    private void FlushGossip()
    {
        IReadOnlyList<ReadOnlyMemory<byte>>? batch;
        lock (_gossip)
        {
            batch = _gossip.Flush(_time.GetUtcNow());
        }

        Send(batch);
    }

    private void Send(IReadOnlyList<ReadOnlyMemory<byte>>? batch)
    {
        if (batch is null)
        {
            return;
        }

        foreach (var link in _links.Values)
        {
            link.Enqueue(new OutboundItem.Transactions(batch));
        }
    }

    private async Task FlushGossipLoopAsync(CancellationToken ct)
    {
        using var ticker = new PeriodicTimer(GossipInterval);
        try
        {
            while (await ticker.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                FlushGossip();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Sends a consensus SyncRequest to one peer and returns its SyncResponse bytes.</summary>
    public async Task<byte[]> SyncAsync(string validator, byte[] request, CancellationToken ct)
    {
        if (!_links.TryGetValue(validator, out var link))
        {
            throw new ArgumentException($"no peer named '{validator}'", nameof(validator));
        }

        var reply = await link.Client.SyncAsync(new SyncEnvelope { Message = UnsafeByteOperations.UnsafeWrap(request) }, cancellationToken: ct).ConfigureAwait(false);
        return reply.Message.ToByteArray();
    }

    /// <summary>Asks one peer for its signed highest round over <paramref name="challenge"/>; the answer's bytes (empty: the peer is not in its set).</summary>
    public async Task<byte[]> SignedRoundAsync(string validator, byte[] challenge, CancellationToken ct)
    {
        if (!_links.TryGetValue(validator, out var link))
        {
            throw new ArgumentException($"no peer named '{validator}'", nameof(validator));
        }

        var reply = await link.Client.GetSignedRoundAsync(new SignedRoundRequest { Challenge = ByteString.CopyFrom(challenge) }, cancellationToken: ct).ConfigureAwait(false);
        return reply.Answer.ToByteArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _gossipFlusher.ConfigureAwait(false);
        _stop.Dispose();
        foreach (var link in _links.Values)
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
