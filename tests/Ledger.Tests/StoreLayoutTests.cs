using LiteDB;
using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Tests;

/// <summary>
/// Storage layout 7: block byte strings read back byte for byte from the block file, the
/// transaction index rebuilt from the receipts, stores of another layout refused, malformed
/// index documents and records reported as corruption with the block and field named.
/// </summary>
public sealed class StoreLayoutTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-store-layout-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public void Reopen_BlocksLargerThanAChunk_ReadBackByteForByteWithTheirIndex()
    {
        Hash32[] ids1 = StoreTestBlocks.Ids(1, 2_500);
        Hash32[] ids2 = StoreTestBlocks.Ids(2, 3);
        StoredBlock big = StoreTestBlocks.Block(1, ids1, 200_000);
        using (LedgerStore store = Create())
        {
            store.Append(big, ids1);
            store.Append(StoreTestBlocks.Block(2, ids2, 10), ids2);
        }

        using LedgerStore reopened = LedgerStore.Open(_directory);
        StoredBlock read = reopened.GetBlock(1)!;
        Assert.Equal((big.BlockId, big.ParentBlockId, big.TimestampMs, big.TxRoot, big.StateRoot), (read.BlockId, read.ParentBlockId, read.TimestampMs, read.TxRoot, read.StateRoot));
        Assert.Equal(big.Payload, read.Payload);
        Assert.Equal(big.Certificate, read.Certificate);
        Assert.Equal(big.Receipts, read.Receipts);
        Assert.Equal(big.StateDiff, read.StateDiff);
        Assert.Equal(new TransactionLocation(1, 2_499), reopened.FindTransaction(ids1[^1]));
        Assert.Equal(new TransactionLocation(2, 1), reopened.FindTransaction(ids2[1]));
        Assert.Null(reopened.GetBlock(3));
    }

    [Fact]
    public void Append_IdsThatTheReceiptsDoNotName_IsRefusedAndWritesNothing()
    {
        Hash32[] ids = StoreTestBlocks.Ids(1, 4);
        using LedgerStore store = Create();

        ArgumentException e = Assert.Throws<ArgumentException>(() => store.Append(StoreTestBlocks.Block(1, ids, 10), [ids[0], ids[2], ids[1], ids[3]]));

        Assert.Contains("do not name the given 4 transaction ids", e.Message, StringComparison.Ordinal);
        Assert.Equal(0UL, store.HeadHeight);
        Assert.Null(store.FindTransaction(ids[0]));
        store.Append(StoreTestBlocks.Block(1, ids, 10), ids);
        Assert.Equal(1UL, store.HeadHeight);
    }

    [Fact]
    public void Append_MalformedReceipts_IsRefused()
    {
        using LedgerStore store = Create();
        var block = new StoredBlock(1, Hash32.Sha256([1]), Hash32.Zero, StoreTestBlocks.Header(1, 1), [], [], [0, 0, 0, 2, 9], []);

        ArgumentException e = Assert.Throws<ArgumentException>(() => store.Append(block, []));

        Assert.Contains("receipts of 5 bytes do not hold the 2 receipts they count", e.Message, StringComparison.Ordinal);
        Assert.Equal(0UL, store.HeadHeight);
    }

    [Fact]
    public void Open_StoreOfLayout3_IsRefusedWithItsLayout()
    {
        WriteTwoBlocks();
        StoreFiles.SetHeadField(_directory, "layout", 3);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));
        Assert.Contains("storage layout 3 (", e.Message, StringComparison.Ordinal);
        Assert.Contains($"this build reads layout {LedgerStore.Layout}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_StoreOfLayout4_IsRefusedBecauseItsStateRootsCommitNoReceipts()
    {
        WriteTwoBlocks();
        StoreFiles.SetHeadField(_directory, "layout", 4);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));
        Assert.Contains("storage layout 4 (its blocks' state roots do not commit transaction and receipt roots", e.Message, StringComparison.Ordinal);
        Assert.Contains("this build reads layout 7: re-create the data directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_StoreOfLayout5_IsRefusedBecauseItsStateRootsCommitNoEpoch()
    {
        WriteTwoBlocks();
        StoreFiles.SetHeadField(_directory, "layout", 5);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));
        Assert.Contains("storage layout 5 (its blocks' state roots do not commit the epoch and validator roster", e.Message, StringComparison.Ordinal);
        Assert.Contains("this build reads layout 7: re-create the data directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ForgedRecordWithReceiptsOfTheWrongLength_IsCorruption()
    {
        WriteTwoBlocks();

        // Receipt count 3 -> 1 in a record whose checksum is then made to match: the receipts'
        // own length check is what catches it.
        StoreFiles.ForgeRecord(_directory, 2, record => record[32 + (2 * 100) + 3] = 1);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));
        Assert.Contains("block 2: receipts of 103 bytes do not hold the 1 receipts they count", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_IndexFieldNotAnInteger_IsCorruption()
    {
        WriteTwoBlocks();
        StoreFiles.SetIndexField(_directory, 1, "offset", "zero");

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));
        Assert.Contains("block 1: field 'offset' is missing or not a 64-bit integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_IndexDocumentMissingBelowTheHead_IsCorruption()
    {
        WriteTwoBlocks();
        using (var db = new LiteDatabase(Path.Combine(_directory, LedgerStore.FileName)))
        {
            db.GetCollection("blocks").Delete(1L);
        }

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));
        Assert.Contains("block 1 has no index document (the next is block 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RecordIndexedOutOfPlace_IsCorruptionAndCutsNothing()
    {
        WriteTwoBlocks();
        long length = new FileInfo(StoreFiles.BlockFilePath(_directory)).Length;
        StoreFiles.SetIndexField(_directory, 2, "offset", 0L);

        StoreCorruptedException e = Assert.Throws<StoreCorruptedException>(() => LedgerStore.Open(_directory));

        Assert.Contains("block 2: its record is indexed at byte 0 of the block records", e.Message, StringComparison.Ordinal);
        Assert.Equal(length, new FileInfo(StoreFiles.BlockFilePath(_directory)).Length);
    }

    [Fact]
    public void Append_AfterReopen_KeepsGenesisAndLayoutInTheHead()
    {
        WriteTwoBlocks();
        using (LedgerStore store = LedgerStore.Open(_directory))
        {
            Hash32[] ids = StoreTestBlocks.Ids(3, 2);
            store.Append(StoreTestBlocks.Block(3, ids, 10), ids);
        }

        using LedgerStore reopened = LedgerStore.Open(_directory);
        Assert.Equal(3UL, reopened.HeadHeight);
        Assert.Equal(Hash32.Sha256("genesis"u8), reopened.GenesisBlockId);
        Assert.Throws<StoreCorruptedException>(() => reopened.Initialise(Hash32.Sha256("other"u8)));
    }

    [Fact]
    public void Append_StoreNotInitialised_IsRefused()
    {
        using LedgerStore store = LedgerStore.Open(_directory);
        Hash32[] ids = StoreTestBlocks.Ids(1, 1);

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => store.Append(StoreTestBlocks.Block(1, ids, 10), ids));

        Assert.Contains("not initialised", e.Message, StringComparison.Ordinal);
        Assert.Equal(0UL, store.HeadHeight);
    }

    private LedgerStore Create()
    {
        LedgerStore store = LedgerStore.Open(_directory);
        store.Initialise(Hash32.Sha256("genesis"u8));
        return store;
    }

    private void WriteTwoBlocks()
    {
        using LedgerStore store = Create();
        for (ulong h = 1; h <= 2; h++)
        {
            Hash32[] ids = StoreTestBlocks.Ids(h, 3);
            store.Append(StoreTestBlocks.Block(h, ids, 100), ids);
        }
    }
}
