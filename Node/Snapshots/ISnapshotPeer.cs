using Ledger.Node.Protos.Replica;

namespace Ledger.Node.Snapshots;

/// <summary>A peer asked for its newest snapshot and for chunks of it (over the replica service; fakes in tests).</summary>
public interface ISnapshotPeer
{
    string Name { get; }

    Task<SnapshotOffer> OfferAsync(CancellationToken ct);

    Task<SnapshotChunk> ChunkAsync(SnapshotChunkRequest request, CancellationToken ct);

    /// <summary>The peer's epoch-change proofs after <paramref name="fromEpoch"/> (GetEpochProofs); a peer that serves none answers an empty list.</summary>
    Task<EpochProofs> EpochProofsAsync(ulong fromEpoch, CancellationToken ct) => Task.FromResult(new EpochProofs());
}
