using Ledger.Crypto;
using Ledger.Storage;
using Ledger.TestKit;

namespace Ledger.Tests;

/// <summary>
/// A block's record and its LiteDB commit are flushed (StoreCrashTests covers a killed process);
/// these check the files' names are durable too: the new store's folder, blocks/ and ledger.db,
/// and LiteDB's log file, which it creates at the first commit after an open.
/// </summary>
public sealed class StoreDurabilityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-durable-" + Guid.NewGuid().ToString("N"), "ledger");

    public void Dispose()
    {
        string parent = Path.GetDirectoryName(_directory)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, true);
        }
    }

    [Fact]
    public void Open_NewStore_FolderAndItsParentFlushedWithTheFilesInPlace()
    {
        var durability = new RecordingDurability();

        using LedgerStore store = LedgerStore.Open(_directory, durability);

        Assert.Contains(durability.DirectoryFlushes(Path.GetDirectoryName(_directory)!), f => f.Names.Contains("ledger"));
        Assert.Contains(durability.DirectoryFlushes(_directory), f => f.Names.Contains(BlockFile.FolderName) && f.Names.Contains(LedgerStore.FileName));
    }

    [Fact]
    public void Append_FirstBlockAfterOpen_FolderFlushedWithTheLogFileInPlace()
    {
        var durability = new RecordingDurability();
        using LedgerStore store = LedgerStore.Open(_directory, durability);
        store.Initialise(Hash32.Sha256([1]));
        durability.Clear();

        Hash32[] ids = StoreTestBlocks.Ids(1, 2);
        store.Append(StoreTestBlocks.Block(1, ids, 64), ids);

        Assert.Contains(durability.DirectoryFlushes(_directory), f => f.Names.Contains("ledger-log.db"));
    }

    [Fact]
    public void Append_SecondBlock_FlushesTheBlockFileAndTheLogThroughTheDurability()
    {
        var durability = new RecordingDurability();
        using LedgerStore store = LedgerStore.Open(_directory, durability);
        store.Initialise(Hash32.Sha256([1]));
        Hash32[] ids = StoreTestBlocks.Ids(1, 2);
        store.Append(StoreTestBlocks.Block(1, ids, 64), ids);
        durability.Clear();

        Hash32[] next = StoreTestBlocks.Ids(2, 2);
        store.Append(StoreTestBlocks.Block(2, next, 64), next);

        // the block segment's record, then LiteDB's log: both counted (ledger_fsyncs_total), neither bypassing it.
        Assert.Equal(2, durability.Events.Count(e => e.IsFileFlush));
    }

    [Fact]
    public void CountedFileDurability_EachFlush_ReportsItsStoreAndKind()
    {
        var seen = new List<string>();
        var counted = new CountedFileDurability(new RecordingDurability(), "ledger", (file, kind) => seen.Add(file + "/" + kind));
        Directory.CreateDirectory(_directory);
        string path = Path.Combine(_directory, "counted.bin");
        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
        {
            counted.FlushFile(handle);
            counted.FlushFileData(handle);
        }

        counted.FlushDirectory(_directory);

        Assert.Equal(["ledger/fsync", "ledger/fdatasync", "ledger/folder"], seen);
    }
}
