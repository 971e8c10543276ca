using Ledger.Node.Runtime;
using Ledger.Node.Testnet;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// Every file whose loss after a power cut would matter is flushed, and so is the folder that
/// holds its new name, before the write returns: pending blocks, the equivocation log, and the
/// keys and certificates `ledger pki` and `ledger testnet init` hand out.
/// </summary>
public sealed class DurableFilesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "durable-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingDurability _durability = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void PendingBlockFlushSaved_FirstAndLaterBlocks_EachRecordFlushedAndTheNewLogItsFolder()
    {
        var builder = new ConsensusBuilder(4);
        var block = builder.Block(1, builder.GenesisQc);
        var next = builder.Block(2, builder.GenesisQc, payload: "other");
        var store = new PendingBlockStore(_directory, builder.ChainId, _durability);
        _durability.Clear();

        store.Save(block);
        store.FlushSaved();
        var first = _durability.Events;
        _durability.Clear();
        store.Save(next);
        store.FlushSaved();

        Assert.True(first[0].IsFileFlush);
        Assert.Equal(Path.GetFullPath(_directory), first[^1].Directory);
        Assert.Contains(PendingBlockStore.LogFileName, first[^1].Names);
        Assert.True(Assert.Single(_durability.Events).IsFileFlush);
        var reopened = new PendingBlockStore(_directory, builder.ChainId);
        Assert.Equal([block.Id, next.Id], new[] { reopened.Find(block.Id)?.Id, reopened.Find(next.Id)?.Id });
    }

    [Fact]
    public void EquivocationLogAdd_FirstAndLaterEntries_EachLineFlushedAndTheNewFileItsFolder()
    {
        var log = new EquivocationLog(_directory, "chain", 100, 10, _durability);
        _durability.Clear();

        log.Add(new EquivocationRecord("org1-v1", 3, "vote", [1, 2, 3]));
        var first = _durability.Events;
        _durability.Clear();
        log.Add(new EquivocationRecord("org1-v1", 4, "vote", [4, 5, 6]));

        Assert.True(first[0].IsFileFlush);
        Assert.Contains(EquivocationLog.FileName, Assert.Single(first, e => !e.IsFileFlush).Names);
        Assert.True(Assert.Single(_durability.Events).IsFileFlush);
        Assert.Equal(2, new EquivocationLog(_directory, "chain", 100, 10).Count);
    }

    [Fact]
    public void WriteAllNew_KeysAndCertificates_EachFileFlushedAndEachFolderAfterItsFiles()
    {
        var key = Path.Combine(_directory, "org1", "ca.key.pem");
        var certificate = Path.Combine(_directory, "org1", "ca.crt.pem");

        PkiLayout.WriteAllNew([new PlannedFile(key, "secret", true), new PlannedFile(certificate, "public", false)], _durability);

        Assert.Equal(2, _durability.Events.Count(e => e.IsFileFlush));
        var folderFlushes = _durability.DirectoryFlushes(Path.Combine(_directory, "org1"));
        Assert.Contains(folderFlushes, f => f.Names.Contains("ca.key.pem") && f.Names.Contains("ca.crt.pem"));
        Assert.Contains(_durability.DirectoryFlushes(_directory), f => f.Names.Contains("org1"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }
}
