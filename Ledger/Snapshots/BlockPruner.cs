using Ledger.Storage;
using Microsoft.Extensions.Logging;

namespace Ledger.Snapshots;

/// <summary>
/// Decides how far old blocks may go after a snapshot (<see cref="LedgerEngineOptions.KeepBlocks"/>):
/// the store keeps every block from min(the oldest snapshot kept, head - keepBlocks), so a
/// restart that falls back to any snapshot still on disk finds every block after it, and peers
/// syncing from this node find the newest keepBlocks blocks. The store drops only whole segments
/// below that block, so it keeps up to a segment more.
/// </summary>
internal sealed class BlockPruner(LedgerStore store, SnapshotStore snapshots, int keepBlocks, ILogger logger)
{
    /// <summary>The block from which everything is kept, or null when nothing may go yet.</summary>
    public static ulong? KeepFrom(ulong head, IReadOnlyList<ulong> snapshotHeights, int keepBlocks)
    {
        ulong[] usable = [.. snapshotHeights.Where(h => h > 0 && h <= head)];
        if (keepBlocks <= 0 || usable.Length == 0 || head <= (ulong)keepBlocks)
        {
            return null;
        }

        return Math.Min(usable.Min(), head - (ulong)keepBlocks);
    }

    /// <summary>Runs on the snapshot task after a snapshot was written; a failure is logged (the store refuses nothing for it).</summary>
    public void AfterSnapshot()
    {
        if (KeepFrom(store.HeadHeight, snapshots.Heights(), keepBlocks) is not { } keepFrom)
        {
            return;
        }

        try
        {
            PruneResult result = store.Prune(keepFrom);
            if (result.Segments > 0)
            {
                LedgerLog.Pruned(logger, result.Segments, result.Bytes, result.IndexDocuments, result.FirstHeight);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreCorruptedException or ObjectDisposedException)
        {
            LedgerLog.PruneFailed(logger, keepFrom, e.Message);
        }
    }
}
