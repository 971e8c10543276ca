namespace Ledger.Node.Configuration;

/// <summary>
/// The `storage` section of node.json: how often the committed state is snapshotted and how many
/// snapshots are kept (docs/ARCHITECTURE.md, "State snapshots"). A restart loads the newest
/// snapshot the committed chain certifies and replays only the blocks after it, so the interval
/// bounds the blocks a restart replays.
/// </summary>
public sealed record NodeStorageConfig
{
    /// <summary>A snapshot at every height divisible by this; 0 turns snapshots off (every restart replays from genesis).</summary>
    public int SnapshotEveryBlocks { get; init; } = 1_000;

    /// <summary>Snapshot files kept, newest first; an older one is the fallback if the newest is damaged.</summary>
    public int SnapshotsKept { get; init; } = 2;

    /// <summary>
    /// A node whose ledger store is empty (new, or its data folder wiped) installs the newest
    /// snapshot a peer offers, its commit evidence verified against genesis, when it is more than
    /// this many blocks above the store's head, then syncs only the blocks above it; otherwise it
    /// syncs every block from genesis. 0 never installs.
    /// </summary>
    public int InstallSnapshotBehindBlocks { get; init; } = 2_000;

    /// <summary>
    /// Old blocks kept (0, the default: every block). Otherwise, after each snapshot, the whole
    /// block segments below min(the oldest snapshot kept, head - keepBlocks) are deleted, and the
    /// node answers queries and peers' sync below its first stored height with "not stored". At
    /// least <see cref="MinimumKeepBlocks"/> and at least installSnapshotBehindBlocks: a peer less
    /// far behind than that syncs block by block, so this node must still hold those blocks.
    /// </summary>
    public int KeepBlocks { get; init; }

    /// <summary>Block records roll into a new segment file at this size; pruning drops whole segments.</summary>
    public long BlockSegmentBytes { get; init; } = Ledger.Storage.BlockFileOptions.Default.SegmentBytes;

    /// <summary>The fewest blocks keepBlocks may keep: the tail a store's open reads back and checks.</summary>
    public const int MinimumKeepBlocks = Ledger.Storage.LedgerStore.VerifiedTailBlocks;

    /// <summary>Adds a message to <paramref name="errors"/> for each value no node can run with.</summary>
    public static void Check(List<string> errors, NodeStorageConfig? storage)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (storage is null)
        {
            errors.Add("storage is empty (remove it to take the defaults)");
            return;
        }

        if (storage.SnapshotEveryBlocks < 0)
        {
            errors.Add($"storage.snapshotEveryBlocks must be 0 (off) or positive, got {storage.SnapshotEveryBlocks}");
        }

        if (storage.InstallSnapshotBehindBlocks < 0)
        {
            errors.Add($"storage.installSnapshotBehindBlocks must be 0 (never install) or positive, got {storage.InstallSnapshotBehindBlocks}");
        }

        if (storage.SnapshotsKept < 1)
        {
            errors.Add($"storage.snapshotsKept must be at least 1, got {storage.SnapshotsKept}");
        }

        if (storage.BlockSegmentBytes < Ledger.Storage.BlockFileOptions.MinimumSegmentBytes)
        {
            errors.Add($"storage.blockSegmentBytes must be at least {Ledger.Storage.BlockFileOptions.MinimumSegmentBytes}, got {storage.BlockSegmentBytes}");
        }

        CheckKeepBlocks(errors, storage);
    }

    private static void CheckKeepBlocks(List<string> errors, NodeStorageConfig storage)
    {
        if (storage.KeepBlocks == 0)
        {
            return;
        }

        int floor = Math.Max(MinimumKeepBlocks, storage.InstallSnapshotBehindBlocks);
        if (storage.KeepBlocks < 0)
        {
            errors.Add($"storage.keepBlocks must be 0 (keep every block) or positive, got {storage.KeepBlocks}");
        }
        else if (storage.SnapshotEveryBlocks == 0)
        {
            errors.Add($"storage.keepBlocks is {storage.KeepBlocks}, but snapshots are off (storage.snapshotEveryBlocks 0): a restart replays from genesis, so no block may be pruned; set keepBlocks to 0 or turn snapshots on");
        }
        else if (storage.KeepBlocks < floor)
        {
            errors.Add($"storage.keepBlocks must be 0 or at least {floor} (the {MinimumKeepBlocks} blocks a restart checks, and installSnapshotBehindBlocks {storage.InstallSnapshotBehindBlocks}: a peer less far behind syncs block by block from this node), got {storage.KeepBlocks}");
        }
    }
}
