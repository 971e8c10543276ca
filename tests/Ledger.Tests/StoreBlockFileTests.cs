using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Tests;

/// <summary>
/// The block file of storage layout 5 against its LiteDB index: an uncommitted tail is cut off
/// on open, a file that lost committed bytes or a corrupted record is refused with the block
/// named, a failed write stops further appends.
/// </summary>
public sealed class StoreBlockFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-store-file-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public void Open_UncommittedTailInTheBlockFile_IsCutOffAndTheNextAppendWorks()
    {
        WriteBlocks(2);
        (long offset, long length) = StoreFiles.Record(_directory, 2);
        // What a crash between the record's fsync and its LiteDB commit leaves: the start of block 3's record.
        StoredBlock next = Block(3);
        byte[] torn = RecordOf(next)[..700];
        using (var file = new FileStream(StoreFiles.BlockFilePath(_directory), FileMode.Append))
        {
            file.Write(torn);
        }

        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            Assert.Equal(2UL, store.HeadHeight);
            Assert.Equal(offset + length, new FileInfo(StoreFiles.BlockFilePath(_directory)).Length);
            store.Append(next, StoreTestBlocks.Ids(3, 3));
        }

        using LedgerStore reopened = LedgerStore.Open(_directory);
        Assert.Equal(3UL, reopened.HeadHeight);
        Assert.Equal(next.Payload, reopened.GetBlock(3)!.Payload);
        Assert.Equal(next.StateDiff, reopened.GetBlock(3)!.StateDiff);
        Assert.Equal(new TransactionLocation(3, 2), reopened.FindTransaction(StoreTestBlocks.Ids(3, 3)[2]));
    }

    [Fact]
    public void Open_TailLongerThanTheNextBlocksRecord_IsRefusedAndCutsNothing()
    {
        WriteBlocks(3);
        long fileLength = new FileInfo(StoreFiles.BlockFilePath(_directory)).Length;
        // ledger.db now says block 1 is the head, but the file holds two whole records after it.
        StoreFiles.SetHeadField(_directory, "height", 1L);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));

        Assert.Contains("past the head block 1's record, starting with the record of block 2", e.Message, StringComparison.Ordinal);
        Assert.Equal(fileLength, new FileInfo(StoreFiles.BlockFilePath(_directory)).Length);
    }

    [Fact]
    public void Open_BlockFileShorterThanTheIndexSays_IsRefused()
    {
        WriteBlocks(2);
        (long offset, long length) = StoreFiles.Record(_directory, 2);
        using (var file = new FileStream(StoreFiles.BlockFilePath(_directory), FileMode.Open))
        {
            file.SetLength(offset + length - 1);
        }

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));

        Assert.Contains($"segment blocks/00000000000000000000.seg is {offset + length - 1} bytes, but the record of block 2 (the head) ends at byte {offset + length}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BlockFileMissing_IsRefused()
    {
        WriteBlocks(1);
        File.Delete(StoreFiles.BlockFilePath(_directory));

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));

        Assert.Contains("blocks/ holds no segment", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(StoreFiles.BlockFilePath(_directory)));
    }

    [Fact]
    public void GetBlock_CorruptedByteInACommittedRecord_IsDetectedWithTheBlockNamed()
    {
        WriteBlocks(2);
        (long offset, _) = StoreFiles.Record(_directory, 2);
        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            // Under the open store, as a failing disk would.
            StoreFiles.FlipByte(_directory, offset + 32 + 50);

            StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => store.GetBlock(2));

            Assert.Contains($"block 2: its record at byte {offset} of the block records (blocks/) fails its checksum", e.Message, StringComparison.Ordinal);
            Assert.Equal(Block(1).Payload, store.GetBlock(1)!.Payload);
        }

        StoreCorruptedException onOpen = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));
        Assert.Contains("block 2: its record at byte", onOpen.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_IndexChecksumNotTheRecords_IsCorruption()
    {
        WriteBlocks(2);
        StoreFiles.SetIndexField(_directory, 1, "checksum", 12345L);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));

        Assert.Contains("block 1: its record at byte 0 of the block records (blocks/) fails its checksum", e.Message, StringComparison.Ordinal);
        Assert.Contains("in the index 0000000000003039", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RecordHeaderOfAnotherHeight_IsCorruption()
    {
        WriteBlocks(2);
        StoreFiles.ForgeRecord(_directory, 2, record => record[15] = 7);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));

        Assert.Contains("block 2: its record at byte", e.Message, StringComparison.Ordinal);
        Assert.Contains("has the header of no record of this block (magic 0x4C424C4B, layout 6, height 7)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_AfterAFailedWrite_IsRefusedUntilReopened()
    {
        WriteBlocks(2);
        // An index document for block 3 that no committed transaction made: inserting block 3's fails.
        using (var db = new LiteDB.LiteDatabase(Path.Combine(_directory, LedgerStore.FileName)))
        {
            db.GetCollection("blocks").Insert(new LiteDB.BsonDocument { ["_id"] = 3L });
        }

        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            Assert.ThrowsAny<LiteDB.LiteException>(() => Append(store, 3));
            InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => Append(store, 3));
            Assert.Contains("the store refuses appends: writing block 3 failed", refused.Message, StringComparison.Ordinal);
            Assert.Equal(2UL, store.HeadHeight);
            Assert.Null(store.GetBlock(3));
        }

        (long offset, long length) = StoreFiles.Record(_directory, 2);
        using LedgerStore reopened = LedgerStore.Open(_directory);
        Assert.Equal(2UL, reopened.HeadHeight);
        Assert.Equal(offset + length, new FileInfo(StoreFiles.BlockFilePath(_directory)).Length);
    }

    // A block of more than 64 MiB is more chunks than Linux's IOV_MAX (1,024) buffers, which one
    // pwritev/preadv takes; RandomAccess splits the call, and this checks the store can rely on it.
    [Fact]
    public void BlockFile_MoreBuffersThanOneSystemCallTakes_WritesAndReadsThemInOrder()
    {
        Directory.CreateDirectory(_directory);
        const int count = (2 * 1024) + 7;
        byte[][] parts = [.. Enumerable.Range(0, count).Select(i => Enumerable.Range(0, 1 + (i % 13)).Select(j => (byte)(i + (j * 7))).ToArray())];
        byte[] all = [.. parts.SelectMany(p => p)];
        using (BlockFile file = BlockFile.Open(_directory, 0, 0, OsFileDurability.Instance, BlockFileOptions.Default))
        {
            file.Write([.. parts.Select(p => (ReadOnlyMemory<byte>)p)]);
            file.Advance(all.Length);
            byte[][] back = [.. parts.Select(p => new byte[p.Length])];

            Assert.Equal(all.Length, file.Read(0, [.. back.Select(b => (Memory<byte>)b)]));
            Assert.Equal(all, back.SelectMany(b => b).ToArray());
        }

        Assert.Equal(all, File.ReadAllBytes(StoreFiles.BlockFilePath(_directory)));
    }

    private static StoredBlock Block(ulong height) => StoreTestBlocks.Block(height, StoreTestBlocks.Ids(height, 3), 1_000 * (int)height);

    // The record a store writes for the block, read back from a scratch store.
    private byte[] RecordOf(StoredBlock block)
    {
        string scratch = _directory + "-scratch";
        try
        {
            using (LedgerStore store = LedgerStore.Open(scratch))
            {
                store.Initialise(Hash32.Sha256("genesis"u8));
                for (ulong h = 1; h < block.Height; h++)
                {
                    Append(store, h);
                }

                store.Append(block, StoreTestBlocks.Ids(block.Height, 3));
            }

            (long offset, long length) = StoreFiles.Record(scratch, (long)block.Height);
            return File.ReadAllBytes(StoreFiles.BlockFilePath(scratch)).AsSpan((int)offset, (int)length).ToArray();
        }
        finally
        {
            Directory.Delete(scratch, true);
        }
    }

    private static void Append(LedgerStore store, ulong height) => store.Append(Block(height), StoreTestBlocks.Ids(height, 3));

    private LedgerStore Create()
    {
        LedgerStore store = LedgerStore.Open(_directory);
        store.Initialise(Hash32.Sha256("genesis"u8));
        return store;
    }

    private void WriteBlocks(int count)
    {
        using LedgerStore store = Create();
        for (ulong h = 1; h <= (ulong)count; h++)
        {
            Append(store, h);
        }
    }
}
