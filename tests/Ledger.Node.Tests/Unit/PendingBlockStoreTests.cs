using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Node.Runtime;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

/// <summary>The pending blocks' log: what survives a torn write, pruning, compaction and the former one-file-per-block layout.</summary>
public sealed class PendingBlockStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pending-" + Guid.NewGuid().ToString("N"));
    private readonly ConsensusBuilder _builder = new(4);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string LogPath => Path.Combine(_directory, PendingBlockStore.LogFileName);

    [Fact]
    public void Open_LastRecordTorn_EarlierBlocksKeptAndLaterSavesReadBack()
    {
        var first = _builder.Block(1, _builder.GenesisQc);
        var torn = _builder.Block(2, _builder.GenesisQc, payload: "torn");
        var store = new PendingBlockStore(_directory, _builder.ChainId);
        store.Save(first);
        store.Save(torn);
        using (var file = new FileStream(LogPath, FileMode.Open))
        {
            file.SetLength(file.Length - 10);
        }

        var reopened = new PendingBlockStore(_directory, _builder.ChainId);
        var later = _builder.Block(3, _builder.GenesisQc, payload: "later");
        reopened.Save(later);
        var again = new PendingBlockStore(_directory, _builder.ChainId);

        Assert.Equal(first.Id, reopened.Find(first.Id)?.Id);
        Assert.Null(reopened.Find(torn.Id));
        Assert.Equal(2, again.Count);
        Assert.Equal(later.Id, again.Find(later.Id)?.Id);
    }

    [Fact]
    public void Open_RecordCorrupted_ItAndLaterRecordsDropped()
    {
        var first = _builder.Block(1, _builder.GenesisQc);
        var second = _builder.Block(2, _builder.GenesisQc, payload: "second");
        var store = new PendingBlockStore(_directory, _builder.ChainId);
        store.Save(first);
        store.Save(second);
        var bytes = File.ReadAllBytes(LogPath);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(LogPath, bytes);

        var reopened = new PendingBlockStore(_directory, _builder.ChainId);

        Assert.Equal(1, reopened.Count);
        Assert.Null(reopened.Find(second.Id));
    }

    [Fact]
    public void Prune_EveryBlockCommitted_LogEmptied()
    {
        var store = new PendingBlockStore(_directory, _builder.ChainId);
        store.Save(_builder.Block(1, _builder.GenesisQc));

        store.Prune(1);

        Assert.Equal(0, new FileInfo(LogPath).Length);
        Assert.Equal(0, new PendingBlockStore(_directory, _builder.ChainId).Count);
    }

    [Fact]
    public void Prune_ManyDeadRecords_LogRewrittenWithTheLiveBlocksOnly()
    {
        var store = new PendingBlockStore(_directory, _builder.ChainId);
        var parent = _builder.Block(1, _builder.GenesisQc);
        store.Save(parent);
        for (ulong round = 2; round <= PendingBlockStore.CompactAfterDeadRecords + 1; round++)
        {
            store.Save(_builder.Block(round, _builder.GenesisQc, payload: $"fork {round}"));
        }

        var child = _builder.Block(PendingBlockStore.CompactAfterDeadRecords + 2, _builder.Qc(parent, ConsensusBuilder.StateAfter(_builder.GenesisStateRoot, parent)));
        store.Save(child);

        store.Prune(1);

        var reopened = new PendingBlockStore(_directory, _builder.ChainId);
        Assert.Equal(Record(child), new FileInfo(LogPath).Length);
        Assert.Equal(1, reopened.Count);
        Assert.Equal(child.Id, reopened.Find(child.Id)?.Id);
    }

    [Fact]
    public void Open_FormerOneFilePerBlockLayout_BlocksMovedIntoTheLog()
    {
        var block = _builder.Block(1, _builder.GenesisQc);
        Directory.CreateDirectory(_directory);
        var former = Path.Combine(_directory, block.Id.ToHex() + ".block");
        File.WriteAllBytes(former, ConsensusCodec.Encode(block));

        var store = new PendingBlockStore(_directory, _builder.ChainId);

        Assert.Equal(block.Id, store.Find(block.Id)?.Id);
        Assert.False(File.Exists(former));
        Assert.Equal(block.Id, new PendingBlockStore(_directory, _builder.ChainId).Find(block.Id)?.Id);
    }

    [Fact]
    public void FlushSaved_AfterTwoSavesIntoANewLog_OneFileFlushAndTheFolderFlushThenNothingLeft()
    {
        var durability = new RecordingDurability();
        var store = new PendingBlockStore(_directory, _builder.ChainId, durability);
        durability.Clear();
        store.Save(_builder.Block(1, _builder.GenesisQc));
        store.Save(_builder.Block(2, _builder.GenesisQc, payload: "second"));

        // The saves only write: the flush is the caller's, issued alongside the safety record's.
        Assert.Empty(durability.Events);
        Assert.True(store.HasUnflushed);

        store.FlushSaved();
        store.FlushSaved();

        Assert.False(store.HasUnflushed);
        Assert.Equal(2, durability.Events.Count);
        Assert.Null(durability.Events[0].Directory);
        Assert.Contains(PendingBlockStore.LogFileName, durability.Events[1].Names);
    }

    private static long Record(Block block) => 4 + 32 + ConsensusCodec.Encode(block).Length;
}
