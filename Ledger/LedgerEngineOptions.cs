using Ledger.Crypto;
using Ledger.Execution;
using Ledger.Storage;

namespace Ledger;

/// <summary>Per-node tunables of the ledger engine; rules that replicas must share come from genesis.</summary>
public sealed record LedgerEngineOptions
{
    /// <summary>How many verified transaction ids to remember (mempool to proposal).</summary>
    public int VerifiedCacheCapacity { get; init; } = 200_000;

    /// <summary>The consensus genesis block id (parent of height 1); default: <see cref="Genesis.GenesisState.DefaultBlockId"/>.</summary>
    public Hash32? GenesisBlockId { get; init; }

    /// <summary>
    /// How client signatures are checked; null is <see cref="Ed25519ClientSignatureCheck"/>. Code
    /// sets this, never a configuration file: only the benchmark's own validator host passes
    /// another check.
    /// </summary>
    public IClientSignatureCheck? ClientSignatures { get; init; }

    /// <summary>
    /// Lets validator-set changes apply (<see cref="LedgerRules.ValidatorSetChangesEnabled"/>). On
    /// by default, as on every node: the consensus core switches sets when the block that applies a
    /// change commits, so ledger and consensus agree on the set. Set only by code, never a
    /// configuration file; turning it off exists for the ledger tests of the refusal path.
    /// </summary>
    public bool EnableValidatorSetChanges { get; init; } = true;

    /// <summary>A state snapshot is written at every height divisible by this (0: never); restart replays only the blocks after the latest.</summary>
    public int SnapshotEveryBlocks { get; init; } = 1_000;

    /// <summary>How many snapshot files to keep (the newest); at least 1.</summary>
    public int SnapshotsKept { get; init; } = 2;

    /// <summary>
    /// Old blocks kept (0: every block). Above that, after each snapshot, the store drops the
    /// whole block segments below min(the oldest snapshot kept, head - KeepBlocks)
    /// (<see cref="LedgerStore.Prune"/>), so a restart still finds every block after any snapshot
    /// it may fall back to.
    /// </summary>
    public int KeepBlocks { get; init; }

    /// <summary>The size at which block records roll into a new segment file (<see cref="BlockFileOptions.SegmentBytes"/>).</summary>
    public long BlockSegmentBytes { get; init; } = BlockFileOptions.Default.SegmentBytes;

    /// <summary>
    /// How the store's files (block segments, LiteDB's log, their folder) are flushed to the device; a
    /// node passes a <see cref="CountedFileDurability"/> to count them. Code sets this, never a
    /// configuration file.
    /// </summary>
    public IFileDurability Durability { get; init; } = OsFileDurability.Instance;

    /// <summary>Refuses values no ledger can run with (an <see cref="ArgumentOutOfRangeException"/> naming the option).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(SnapshotEveryBlocks, nameof(SnapshotEveryBlocks));
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapshotsKept, 1, nameof(SnapshotsKept));
        ArgumentOutOfRangeException.ThrowIfNegative(KeepBlocks, nameof(KeepBlocks));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSegmentBytes, BlockFileOptions.MinimumSegmentBytes, nameof(BlockSegmentBytes));
    }
}
