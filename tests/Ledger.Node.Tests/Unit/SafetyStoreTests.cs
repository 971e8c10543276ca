using Ledger.Node.Runtime;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

public sealed class SafetyStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "safety-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_FreshNode_ReturnsNull()
    {
        Assert.Null(new SafetyStore(_directory).Read());
    }

    [Fact]
    public void Write_ThenReadFromNewInstance_ReturnsLastData()
    {
        var store = new SafetyStore(_directory);
        store.Write([1, 2, 3]);
        store.Write([4, 5, 6, 7]);

        Assert.Equal([4, 5, 6, 7], new SafetyStore(_directory).Read());
        Assert.False(File.Exists(Path.Combine(_directory, "safety.bin.tmp")));
    }

    [Fact]
    public void Write_Always_FlushesTheFolderOnceTheNewFileIsInPlace()
    {
        var durability = new RecordingDurability();
        var store = new SafetyStore(_directory, durability);
        store.Write([1, 2, 3]);
        durability.Clear();

        store.Write([4, 5, 6]);

        // The temporary file flushed, renamed over safety.bin, then the folder flushed: a power
        // loss after Write returns cannot bring back the older vote record.
        var events = durability.Events;
        Assert.True(events.Count >= 2, $"{events.Count} flushes");
        Assert.True(events[0].IsFileFlush);
        Assert.Equal(Path.GetFullPath(_directory), events[^1].Directory);
        Assert.Contains("safety.bin", events[^1].Names);
        Assert.DoesNotContain("safety.bin.tmp", events[^1].Names);
    }

    [Fact]
    public void Read_CorruptedByte_RefusesToStart()
    {
        new SafetyStore(_directory).Write([9, 9, 9, 9]);
        var path = Path.Combine(_directory, "safety.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => new SafetyStore(_directory).Read());
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Truncated_RefusesToStart()
    {
        new SafetyStore(_directory).Write([9, 9, 9, 9]);
        var path = Path.Combine(_directory, "safety.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^2]);

        Assert.Throws<InvalidDataException>(() => new SafetyStore(_directory).Read());
    }
}
