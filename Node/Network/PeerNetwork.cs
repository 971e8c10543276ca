using Google.Protobuf;
using Grpc.Net.Client;
using Ledger.Node.Configuration;
using Ledger.Node.Protos.Replica;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Network;

/// <summary>The node's outbound links to every other validator, by genesis name.</summary>
public sealed class PeerNetwork : IAsyncDisposable
{
    private readonly Dictionary<string, PeerLink> _links = new(StringComparer.Ordinal);
    private readonly List<GrpcChannel> _channels = [];
    private readonly List<string> _names = [];

    public PeerNetwork(IEnumerable<PeerConfig> peers, PeerChannelFactory channels, int queueCapacity, ILogger logger, Action<string> onDrop)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var peer in peers)
        {
            var channel = channels.Create(peer.Name, HostPort.Parse(peer.Endpoint));
            _channels.Add(channel);
            _names.Add(peer.Name);
            _links.Add(peer.Name, new PeerLink(peer.Name, peer.Endpoint, new Replica.ReplicaClient(channel), queueCapacity, logger, onDrop));
        }
    }

    public IReadOnlyCollection<PeerLink> Links => _links.Values;

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

    public void Gossip(IReadOnlyList<ReadOnlyMemory<byte>> transactions)
    {
        foreach (var link in _links.Values)
        {
            link.Enqueue(new OutboundItem.Transactions(transactions));
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

    public async ValueTask DisposeAsync()
    {
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
