using Ledger.Node.Runtime;

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
