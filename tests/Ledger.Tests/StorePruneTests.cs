using LiteDB;
using Ledger.Crypto;
using Ledger.Storage;
using Ledger.Storage.TransactionIds;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Tests;

/// <summary>
/// <see cref="LedgerStore.Prune"/>: whole segments below the block to keep are dropped, the first
/// stored height and the base move up, blocks below answer <see cref="BlockNotStoredException"/>,
/// and a crash at any flush of a prune leaves a store that opens, holds every block from its first
/// height, and has no index document or segment below it.
/// </summary>
public sealed class StorePruneTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-store-prune-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }

    [Fact]
    public void Prune_WholeSegmentsBelowTheKeptBlock_MovesTheFirstHeightAndDropsThem()
    {
        StoreSegmentTests.WriteBlocks(_directory, 40);

        PruneResult result;
        using (LedgerStore store = StoreSegmentTests.OpenSmall(_directory))
        {
            long bytesBefore = store.StoredBlockBytes;
            result = store.Prune(30);

            Assert.InRange(result.FirstHeight, 27UL, 30UL);
            Assert.Equal(result.FirstHeight, store.FirstHeight);
            Assert.Equal((long)result.FirstHeight - 1, result.IndexDocuments);
            Assert.Equal(bytesBefore - result.Bytes, store.StoredBlockBytes);
            Assert.True(result.Segments >= 6);
            Assert.Equal(result.Segments, store.PrunedSegments);

            BlockNotStoredException below = Assert.Throws<BlockNotStoredException>(() => store.GetBlock(result.FirstHeight - 1));
            Assert.Equal(result.FirstHeight, below.FirstHeight);
            Assert.Throws<BlockNotStoredException>(() => store.GetBlock(1));
            Assert.Equal(StoreSegmentTests.Block(result.FirstHeight).Payload, store.GetBlock(result.FirstHeight)!.Payload);
            Assert.Equal(result.FirstHeight - 1, store.Base!.Height);
            Assert.Equal(StoreSegmentTests.Block(result.FirstHeight - 1).BlockId, store.Base.BlockId);
            Assert.Equal(StoreSegmentTests.Block(result.FirstHeight - 1).Certificate, store.Base.Certificate);
            Assert.Equal(result.FirstHeight - 1, store.HeightOfBlock(store.Base.BlockId));
            Assert.Null(store.HeightOfBlock(StoreSegmentTests.Block(1).BlockId));
            store.Append(StoreSegmentTests.Block(41), StoreTestBlocks.Ids(41, 3));
        }

        Assert.Equal(0, IndexDocumentsBelow(_directory, result.FirstHeight));
        using LedgerStore reopened = StoreSegmentTests.OpenSmall(_directory);
        Assert.Equal(result.FirstHeight, reopened.FirstHeight);
        Assert.Equal(41UL, reopened.HeadHeight);
        Assert.Equal(0, reopened.LeftoverSegmentsRemoved);
        Assert.Equal(0, reopened.LeftoverIndexDocumentsRemoved);
        Assert.Equal(StoreSegmentTests.Block(41).Payload, reopened.GetBlock(41)!.Payload);
        Assert.Equal([.. Enumerable.Range((int)result.FirstHeight, 42 - (int)result.FirstHeight).Select(h => (ulong)h)], reopened.ReadBlocks(result.FirstHeight).Select(b => b.Height));
    }

    [Fact]
    public void Prune_KeptBlockInTheOldestSegment_DropsNothing()
    {
        StoreSegmentTests.WriteBlocks(_directory, 40);
        using LedgerStore store = StoreSegmentTests.OpenSmall(_directory);

        PruneResult result = store.Prune(3);

        Assert.Equal(PruneResult.Nothing(1), result);
        Assert.Equal(1UL, store.FirstHeight);
        Assert.Null(store.Base);
    }

    [Fact]
    public void Prune_AboveTheHead_KeepsTheHeadsSegment()
    {
        StoreSegmentTests.WriteBlocks(_directory, 40);
        using LedgerStore store = StoreSegmentTests.OpenSmall(_directory);

        PruneResult result = store.Prune(1_000);

        Assert.InRange(result.FirstHeight, 37UL, 40UL);
        Assert.Equal(1, store.BlockSegments);
        Assert.Equal(StoreSegmentTests.Block(40).Payload, store.GetBlock(40)!.Payload);
    }

    [Fact]
    public void AppendBatchForBenchmarks_ConsecutiveBlocks_ReadBackAsSingleAppendsWouldAndRefusesAGap()
    {
        using (LedgerStore store = StoreSegmentTests.OpenSmall(_directory))
        {
            store.Initialise(Ledger.Crypto.Hash32.Sha256("genesis"u8));
            store.AppendBatchForBenchmarks([.. Enumerable.Range(1, 12).Select(h => StoreSegmentTests.Block((ulong)h))]);
            Assert.Throws<ArgumentException>(() => store.AppendBatchForBenchmarks([StoreSegmentTests.Block(13), StoreSegmentTests.Block(15)]));
        }

        using LedgerStore reopened = StoreSegmentTests.OpenSmall(_directory);
        Assert.Equal(12UL, reopened.HeadHeight);
        Assert.Equal(3, reopened.BlockSegments);
        Assert.All(Enumerable.Range(1, 12), h => Assert.Equal(StoreSegmentTests.Block((ulong)h).StateDiff, reopened.GetBlock((ulong)h)!.StateDiff));
        Assert.Equal(new TransactionLocation(7, 1), reopened.FindTransaction(StoreTestBlocks.Ids(7, 3)[1]));
    }

    // Restart flat in chain length, in counts: a pruned store's open reads the same checked tail
    // whatever the chain's length and however much was pruned.
    [Fact]
    public async Task Open_PrunedChainsOfDifferentLengths_ReadTheSameNumberOfRecords()
    {
        var reads = new List<long>();
        foreach (ulong length in new ulong[] { 100, 400 })
        {
            StoreSegmentTests.WriteBlocks(_directory, length);
            using (LedgerStore store = StoreSegmentTests.OpenSmall(_directory))
            {
                await store.TransactionIndexComplete;
                Assert.True(store.Prune(length - 70).Segments > 0);
            }

            using LedgerStore reopened = StoreSegmentTests.OpenSmall(_directory);
            reads.Add(reopened.RecordsReadAtOpen);
        }

        Assert.Equal([LedgerStore.VerifiedTailBlocks, LedgerStore.VerifiedTailBlocks], reads);
    }

    // The transaction-id index drops only the runs wholly below the first stored height, so a run
    // that reaches it still says where a transaction below it was committed: the lookup for a
    // caller that reads the block names that block as not stored, before and after a reopen.
    [Fact]
    public async Task FindStoredTransaction_RunStraddlingTheFirstHeight_SaysItsBlockIsNotStored()
    {
        var smallRuns = new TransactionIndexOptions { RunBlocks = 8, RunTransactions = 64, MaxRuns = 6 };
        var smallSegments = new BlockFileOptions { SegmentBytes = BlockFileOptions.MinimumSegmentBytes };
        using (LedgerStore store = LedgerStore.Open(_directory, OsFileDurability.Instance, smallRuns, smallSegments))
        {
            store.Initialise(Hash32.Sha256("genesis"u8));
            for (ulong h = 1; h <= 40; h++)
            {
                store.Append(StoreSegmentTests.Block(h), StoreTestBlocks.Ids(h, 3));
            }

            await store.TransactionIndexSealing;
        }

        for (int open = 0; open < 2; open++)
        {
            using LedgerStore store = LedgerStore.Open(_directory, OsFileDurability.Instance, smallRuns, smallSegments);
            await store.TransactionIndexComplete;
            ulong first = open == 0 ? store.Prune(30).FirstHeight : store.FirstHeight;
            Assert.InRange(first, 27UL, 30UL);
            Hash32 below = StoreTestBlocks.Ids(first - 1, 3)[1];

            // The index still places it (its run reaches the first height) ...
            Assert.Equal(first - 1, store.FindTransaction(below)?.Height);

            // ... and the lookup that reads the block says that block is not stored here.
            TransactionNotStoredException refused = Assert.Throws<TransactionNotStoredException>(() => store.FindStoredTransaction(below));
            Assert.Equal(first - 1, refused.Height);
            Assert.Equal(first, refused.FirstHeight);
            Assert.Equal(below, refused.TransactionId);
            Assert.Contains($"committed in block {first - 1}, which is not stored here", refused.Message, StringComparison.Ordinal);

            Assert.Equal(new TransactionLocation(first, 2), store.FindStoredTransaction(StoreTestBlocks.Ids(first, 3)[2]));
            Assert.Null(store.FindStoredTransaction(Hash32.Sha256("never committed"u8)));
        }
    }

    // A crash at each flush of a prune in turn (the k-th flush throws, as if the process died
    // there): the next open finishes what the prune started or finds it never started.
    [Fact]
    public void Open_AfterACrashAtAnyFlushOfAPrune_RemovesWhatWasLeftBelowTheFirstHeight()
    {
        StoreSegmentTests.WriteBlocks(_directory, 40);
        string pristine = _directory + "-pristine";
        CopyDirectory(_directory, pristine);
        bool completed = false;
        var leftovers = new List<(long Documents, int Segments)>();
        try
        {
            for (int crashAt = 1; !completed && crashAt < 50; crashAt++)
            {
                Directory.Delete(_directory, true);
                CopyDirectory(pristine, _directory);
                var crashing = new CrashingDurability(crashAt);
                using (LedgerStore store = StoreSegmentTests.OpenSmall(_directory, crashing))
                {
                    crashing.Arm();
                    try
                    {
                        store.Prune(30);
                        completed = true;
                    }
                    catch (IOException e) when (e.Message == CrashingDurability.Crash)
                    {
                    }

                    crashing.Disarm();
                }

                ulong first;
                using (LedgerStore reopened = StoreSegmentTests.OpenSmall(_directory))
                {
                    first = reopened.FirstHeight;
                    Assert.True(first == 1 || first is >= 27 and <= 30, $"crash at flush {crashAt}: first height {first}");
                    Assert.Equal(40UL, reopened.HeadHeight);
                    Assert.Equal([.. Enumerable.Range((int)first, 41 - (int)first).Select(h => (ulong)h)], reopened.ReadBlocks(first).Select(b => b.Height));
                    leftovers.Add((reopened.LeftoverIndexDocumentsRemoved, reopened.LeftoverSegmentsRemoved));
                }

                Assert.Equal(0, IndexDocumentsBelow(_directory, first));
                long lowestSegment = long.Parse(StoreSegmentTests.SegmentFiles(_directory)[0][..20], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(first == 1 ? 0 : StoreFiles.Record(_directory, (long)first).Offset, lowestSegment);
            }
        }
        finally
        {
            Directory.Delete(pristine, true);
        }

        Assert.True(completed);

        // Some crash points left index documents, some left segments (or both) for the open to remove.
        Assert.Contains(leftovers, l => l.Documents > 0);
        Assert.Contains(leftovers, l => l.Segments > 0);
    }

    internal static int IndexDocumentsBelow(string directory, ulong first)
    {
        using var db = new LiteDatabase(Path.Combine(directory, LedgerStore.FileName));
        return db.GetCollection("blocks").Count(Query.LT("_id", (long)first));
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        foreach (string folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }
    }

    // Throws at the crashAt-th flush after Arm, before flushing: the process "dies" there.
    internal sealed class CrashingDurability(int crashAt) : IFileDurability
    {
        public const string Crash = "injected crash";

        private bool _armed;
        private int _count;

        public void Arm() => _armed = true;

        public void Disarm() => _armed = false;

        public void FlushFile(SafeFileHandle file)
        {
            Count();
            OsFileDurability.Instance.FlushFile(file);
        }

        public void FlushDirectory(string directory)
        {
            Count();
            OsFileDurability.Instance.FlushDirectory(directory);
        }

        private void Count()
        {
            if (_armed && ++_count == crashAt)
            {
                throw new IOException(Crash);
            }
        }
    }
}
