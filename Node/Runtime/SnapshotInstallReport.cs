using Ledger.Snapshots;

namespace Ledger.Node.Runtime;

/// <summary>What installing a snapshot from peers did: the height installed (0: none), the bytes downloaded over every attempt, and the refusals by reason.</summary>
public sealed record SnapshotInstallReport(ulong InstalledHeight, long BytesDownloaded, IReadOnlyDictionary<SnapshotRefusal, int> Refusals)
{
    public static SnapshotInstallReport None { get; } = new(0, 0, new Dictionary<SnapshotRefusal, int>());
}
