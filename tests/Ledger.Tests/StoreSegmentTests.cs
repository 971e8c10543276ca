using LiteDB;
using Ledger.Crypto;
using Ledger.Storage;
using Ledger.Storage.TransactionIds;

namespace Ledger.Tests;

/// <summary>
/// Storage layout 7's segmented block records: records roll into a new segment at the configured
/// size and read back across segments and restarts; a layout-6 store's single blocks.dat becomes
/// the first segment on open (also when a crash interrupted that); a lost segment, or one a crash
/// could not have left, is refused; a torn record in a segment a roll had just created is cut off.
/// </summary>
public sealed class StoreSegmentTests : IDisposable
{
    private static readonly BlockFileOptions SmallSegments = new() { SegmentBytes = BlockFileOptions.MinimumSegmentBytes };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-store-segments-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    internal static LedgerStore OpenSmall(string directory, IFileDurability? durability = null) =>
        LedgerStore.Open(directory, durability ?? OsFileDurability.Instance, TransactionIndexOptions.Default, SmallSegments);

    // About 1,040 bytes a record: four records to a 4 KiB segment, a roll at every fifth.
    internal static StoredBlock Block(ulong height) => StoreTestBlocks.Block(height, StoreTestBlocks.Ids(height, 3), 300);

    internal static void WriteBlocks(string directory, ulong count)
    {
        using LedgerStore store = OpenSmall(directory);
        store.Initialise(Hash32.Sha256("genesis"u8));
        for (ulong h = store.HeadHeight + 1; h <= count; h++)
        {
            store.Append(Block(h), StoreTestBlocks.Ids(h, 3));
        }
    }

    internal static string[] SegmentFiles(string directory) =>
        [.. Directory.EnumerateFiles(Path.Combine(directory, BlockFile.FolderName), "*.seg").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Fact]
    public void Append_PastTheSegmentSize_RollsIntoNewSegmentsThatReadBackAfterReopening()
    {
        WriteBlocks(_directory, 20);

        string[] segments = SegmentFiles(_directory);
        Assert.Equal(5, segments.Length);
        Assert.Equal(BlockFile.SegmentName(0), BlockFile.FolderName + "/" + segments[0]);
        using LedgerStore store = OpenSmall(_directory);
        Assert.Equal(20UL, store.HeadHeight);
        Assert.Equal(5, store.BlockSegments);
        for (ulong h = 1; h <= 20; h++)
        {
            Assert.Equal(Block(h).Payload, store.GetBlock(h)!.Payload);
        }

        // Every segment starts with a whole record: the one its name's offset indexes.
        foreach (string name in segments)
        {
            long start = long.Parse(Path.GetFileNameWithoutExtension(name), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(Enumerable.Range(1, 20), h => StoreFiles.Record(_directory, h).Offset == start);
        }
    }

    [Fact]
    public void Open_Layout6StoreWithBlocksDat_MovesItIntoTheFirstSegmentAndRecordsLayout7()
    {
        WriteBlocks(_directory, 3);
        MakeLayout6(_directory);

        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            Assert.Equal(6, store.MigratedFromLayout);
            Assert.Equal(3UL, store.HeadHeight);
            Assert.Equal(Block(2).Payload, store.GetBlock(2)!.Payload);
            store.Append(Block(4), StoreTestBlocks.Ids(4, 3));
        }

        Assert.False(File.Exists(Path.Combine(_directory, BlockFile.LegacyFileName)));
        Assert.Equal(LedgerStore.Layout, HeadLayout(_directory));
        using LedgerStore reopened = LedgerStore.Open(_directory);
        Assert.Null(reopened.MigratedFromLayout);
        Assert.Equal(Block(4).Payload, reopened.GetBlock(4)!.Payload);
    }

    [Fact]
    public void Open_Layout6HeadWithTheFileAlreadyMoved_FinishesTheMigration()
    {
        // A crash between the rename and the head's new layout.
        WriteBlocks(_directory, 3);
        StoreFiles.SetHeadField(_directory, "layout", 6);

        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            Assert.Equal(6, store.MigratedFromLayout);
            Assert.Equal(Block(3).Payload, store.GetBlock(3)!.Payload);
        }

        Assert.Equal(LedgerStore.Layout, HeadLayout(_directory));
    }

    [Fact]
    public void Open_Layout6WithBothBlocksDatAndAFirstSegment_IsRefusedAndMovesNothing()
    {
        WriteBlocks(_directory, 3);
        MakeLayout6(_directory);
        Directory.CreateDirectory(Path.Combine(_directory, BlockFile.FolderName));
        File.WriteAllBytes(Path.Combine(_directory, BlockFile.SegmentName(0)), [1, 2, 3]);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));

        Assert.Contains("both blocks.dat and blocks/00000000000000000000.seg exist", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, BlockFile.LegacyFileName)));
    }

    [Fact]
    public void Open_SegmentMissingBetweenTwoOthers_IsRefused()
    {
        WriteBlocks(_directory, 20);
        string lost = SegmentFiles(_directory)[2];
        File.Delete(Path.Combine(_directory, BlockFile.FolderName, lost));

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => OpenSmall(_directory));

        Assert.Contains("but the next segment starts at byte", e.Message, StringComparison.Ordinal);
        Assert.Contains("committed blocks are missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TornRecordInASegmentARollHadJustCreated_IsCutOffAndTheNextAppendWorks()
    {
        WriteBlocks(_directory, 4);
        (long offset, long length) = StoreFiles.Record(_directory, 4);
        long end = offset + length;
        // What a crash after the roll's new segment and part of block 5's record leaves.
        File.WriteAllBytes(Path.Combine(_directory, BlockFile.SegmentName(end)), [0x4C, 0x42, 0x4C]);

        using (LedgerStore store = OpenSmall(_directory))
        {
            Assert.Equal(4UL, store.HeadHeight);
            Assert.Equal(0, new FileInfo(Path.Combine(_directory, BlockFile.SegmentName(end))).Length);
            store.Append(Block(5), StoreTestBlocks.Ids(5, 3));
        }

        using LedgerStore reopened = OpenSmall(_directory);
        Assert.Equal(Block(5).Payload, reopened.GetBlock(5)!.Payload);
        Assert.Equal(end, StoreFiles.Record(_directory, 5).Offset);
    }

    [Fact]
    public void Open_SegmentStartingPastTheCommittedEnd_IsRefusedAndCutsNothing()
    {
        WriteBlocks(_directory, 4);
        (long offset, long length) = StoreFiles.Record(_directory, 4);
        string stray = Path.Combine(_directory, BlockFile.SegmentName(offset + length + 100));
        File.WriteAllBytes(stray, new byte[50]);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => OpenSmall(_directory));

        Assert.Contains("starts past byte", e.Message, StringComparison.Ordinal);
        Assert.Equal(50, new FileInfo(stray).Length);
    }

    // What a layout-6 store looked like: every record in blocks.dat beside ledger.db, layout 6 in the head.
    private static void MakeLayout6(string directory)
    {
        File.Move(Path.Combine(directory, BlockFile.SegmentName(0)), Path.Combine(directory, BlockFile.LegacyFileName));
        Directory.Delete(Path.Combine(directory, BlockFile.FolderName));
        StoreFiles.SetHeadField(directory, "layout", 6);
    }

    private static int HeadLayout(string directory)
    {
        using var db = new LiteDatabase(Path.Combine(directory, LedgerStore.FileName));
        return db.GetCollection("meta").FindById("head")["layout"].AsInt32;
    }
}
