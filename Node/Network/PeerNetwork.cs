using Google.Protobuf;
using Grpc.Net.Client;
using Ledger.Crypto;
using Ledger.Node.Configuration;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Runtime;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Network;

/// <summary>The node's outbound links to every other validator, by genesis name.</summary>
public sealed class PeerNetwork : IPeerTransport, IAsyncDisposable
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

    /// <summary>Most blocks one fetch asks for beyond the one named.</summary>
    public const int MaxAncestorsPerFetch = 64;

    public bool TryGet(string name, out PeerLink link) => _links.TryGetValue(name, out link!);

    public void Send(string validator, byte[] message)
    {
        if (_links.TryGetValue(validator, out var link))
        {
            link.Enqueue(new OutboundItem.Consensus(message));
        }
    }

    public void Broadcast(byte[] message)
    {
        foreach (var link in _links.Values)
        {
            link.Enqueue(new OutboundItem.Consensus(message));
        }
    }

    public void Gossip(IReadOnlyList<ReadOnlyMemory<byte>> transactions)
    {
        foreach (var link in _links.Values)
        {
            link.Enqueue(new OutboundItem.Transactions(transactions));
        }
    }

    public async Task<IReadOnlyList<byte[]>> FetchBlocksAsync(string validator, Hash32 blockId, CancellationToken ct)
    {
        if (!_links.TryGetValue(validator, out var link))
        {
            return [];
        }

        var reply = await link.Client.GetBlockAsync(
            new BlockByIdRequest { BlockId = ByteString.CopyFrom(blockId.ToArray()), MaxAncestors = MaxAncestorsPerFetch },
            cancellationToken: ct).ConfigureAwait(false);
        return reply.Blocks.Select(b => b.ToByteArray()).ToList();
    }

    public async Task<CommittedBatch> FetchCommittedAsync(string validator, ulong fromHeight, int maxBlocks, CancellationToken ct)
    {
        if (!_links.TryGetValue(validator, out var link))
        {
            return new CommittedBatch([], 0);
        }

        var reply = await link.Client.GetCommittedBlocksAsync(
            new CommittedBlocksRequest { FromHeight = fromHeight, MaxBlocks = (uint)maxBlocks },
            cancellationToken: ct).ConfigureAwait(false);
        var blocks = reply.Blocks.Select(b => new FetchedCommittedBlock(b.Height, b.Block.ToByteArray(), b.Certificate.ToByteArray())).ToList();
        return new CommittedBatch(blocks, reply.CommittedHeight);
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
