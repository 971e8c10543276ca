using Google.Protobuf;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Runtime;
using Ledger.Node.Snapshots;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A peer answering from a real <see cref="SnapshotServer"/> in process, whose offer and chunks a
/// test may tamper with (a Byzantine or broken peer), counting the chunks asked for.
/// </summary>
internal sealed class ServedSnapshotPeer(string name, SnapshotServer server) : ISnapshotPeer
{
    public string Name => name;

    public Func<SnapshotOffer, SnapshotOffer> TamperOffer { get; init; } = o => o;

    public Func<SnapshotChunkRequest, byte[], byte[]> TamperChunk { get; init; } = (_, data) => data;

    public int ChunksAsked { get; private set; }

    public Task<SnapshotOffer> OfferAsync(CancellationToken ct)
    {
        var offer = server.Offer() is { } o
            ? new SnapshotOffer
            {
                Height = o.Height,
                BlockId = ByteString.CopyFrom(o.BlockId.ToArray()),
                StateRoot = ByteString.CopyFrom(o.StateRoot.ToArray()),
                Size = (ulong)o.Size,
                Checksum = ByteString.CopyFrom(o.Checksum.ToArray()),
                Certificate = ByteString.CopyFrom(o.Certificate),
            }
            : new SnapshotOffer();
        return Task.FromResult(TamperOffer(offer));
    }

    public Task<SnapshotChunk> ChunkAsync(SnapshotChunkRequest request, CancellationToken ct)
    {
        ChunksAsked++;
        var data = server.Chunk(request.Height, request.Offset, request.Length) ?? [];
        return Task.FromResult(new SnapshotChunk { Data = ByteString.CopyFrom(TamperChunk(request, data)) });
    }
}
