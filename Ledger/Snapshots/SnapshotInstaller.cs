using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Snapshots;

/// <summary>
/// Installs a snapshot downloaded from a peer into a ledger store that is empty or below it, once the caller has
/// verified the commit evidence of its block (a <see cref="CertifiedSnapshot"/>: height, block id and
/// the state root the QC chain certifies). Loading recomputes every root
/// (<see cref="SnapshotFormat.Read"/>); the snapshot is refused unless its height, block id and
/// recomputed state root are the certified ones. Only then is the file moved into the store's
/// snapshots folder and the store's head and first height set (<see cref="LedgerStore.InstallBase"/>
/// for an empty store, <see cref="LedgerStore.ReplaceWithBase"/>, which drops every block, for one
/// far behind), in that order, each durably: a crash before the store records the base leaves it as
/// it was, one after leaves the new store (whose next open finishes dropping the old blocks).
/// </summary>
public static class SnapshotInstaller
{
    /// <returns>The installed committed state.</returns>
    /// <exception cref="SnapshotRefusedException">The file is unreadable, not the certified state, or the store is not below it; nothing changed.</exception>
    public static CommittedView Install(string storeDirectory, Hash32 genesisBlockId, string downloadedFile, CertifiedSnapshot certified, int snapshotsKept, IFileDurability durability)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeDirectory);
        ArgumentException.ThrowIfNullOrEmpty(downloadedFile);
        ArgumentNullException.ThrowIfNull(certified);
        ArgumentNullException.ThrowIfNull(durability);
        CommittedView view = Load(downloadedFile);
        if (view.Height != certified.Height || view.BlockId != certified.BlockId || view.StateRoot != certified.StateRoot)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.RootMismatch,
                $"the snapshot holds block {view.BlockId.ToShortHex()} at height {view.Height} with recomputed state root {view.StateRoot.ToShortHex()}; the evidence certifies block {certified.BlockId.ToShortHex()} at height {certified.Height} with root {certified.StateRoot.ToShortHex()}");
        }

        using LedgerStore store = LedgerStore.Open(storeDirectory, durability);
        store.Initialise(genesisBlockId);
        if (store.HeadHeight >= view.Height)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.StoreNotBehind, $"the ledger store already holds blocks up to {store.HeadHeight}, at or above the snapshot's height {view.Height}");
        }

        new SnapshotStore(storeDirectory, Math.Max(1, snapshotsKept), durability).Adopt(downloadedFile, view.Height);
        var storeBase = new StoreBase(view.Height, view.BlockId, view.State.Header, certified.Certificate);
        if (store.HeadHeight == 0 && store.Base is null)
        {
            store.InstallBase(storeBase);
        }
        else
        {
            // A store far behind: its blocks are on the same chain (committed blocks are final),
            // but keeping them would leave a hole between its head and the base.
            store.ReplaceWithBase(storeBase);
        }

        return view;
    }

    private static CommittedView Load(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return SnapshotFormat.Read(stream, stream.Length);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException)
        {
            throw new SnapshotRefusedException(SnapshotRefusal.Unreadable, $"the downloaded snapshot is not readable: {e.Message}", e);
        }
    }
}
