using Ledger.Node.Protos.Replica;

namespace Ledger.Node.Snapshots;

/// <summary>A peer's snapshot calls over its replica channel (mutual TLS), each with a deadline.</summary>
public sealed class ReplicaSnapshotPeer(string name, Replica.ReplicaClient client, TimeSpan callTimeout) : ISnapshotPeer
{
    public string Name => name;

    public async Task<SnapshotOffer> OfferAsync(CancellationToken ct) =>
        await client.GetSnapshotOfferAsync(new SnapshotOfferRequest(), deadline: DateTime.UtcNow.Add(callTimeout), cancellationToken: ct).ConfigureAwait(false);

    public async Task<SnapshotChunk> ChunkAsync(SnapshotChunkRequest request, CancellationToken ct) =>
        await client.GetSnapshotChunkAsync(request, deadline: DateTime.UtcNow.Add(callTimeout), cancellationToken: ct).ConfigureAwait(false);

    public async Task<EpochProofs> EpochProofsAsync(ulong fromEpoch, CancellationToken ct) =>
        await client.GetEpochProofsAsync(new EpochProofsRequest { FromEpoch = fromEpoch }, deadline: DateTime.UtcNow.Add(callTimeout), cancellationToken: ct).ConfigureAwait(false);
}
