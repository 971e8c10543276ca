using Ledger.Crypto;

namespace Ledger.Node.Snapshots;

/// <summary>Where and how <see cref="PeerSnapshotInstaller"/> installs: the node's data directory (the download goes there), the ledger store's folder, the chain's genesis block id, the settings that bound it.</summary>
public sealed record SnapshotInstallOptions(
    string DataDirectory, string StoreDirectory, Hash32 GenesisBlockId, int BehindBlocks, int ChunkBytes, int SnapshotsKept)
{
    /// <summary>How often a long download logs its progress.</summary>
    public TimeSpan ProgressEvery { get; init; } = TimeSpan.FromSeconds(5);
}
