using System.Buffers.Binary;
using System.Security.Cryptography;
using Ledger.Node.Runtime;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

public sealed class SafetyStoreTests : IDisposable
{
    private const int Page = SafetyStore.PageBytes;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "safety-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_directory, SafetyStore.FileName);

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
        Assert.False(File.Exists(FilePath + ".tmp"));
    }

    [Fact]
    public void Write_ThirdRecord_NewestSequenceWinsOverSlotPosition()
    {
        // Slot 0, slot 1, slot 0 again: the newest is in the first slot, so reading by position fails.
        var store = new SafetyStore(_directory);
        store.Write([1]);
        store.Write([2]);
        store.Write([3]);

        Assert.Equal([3], new SafetyStore(_directory).Read());
    }

    [Fact]
    public void Write_FirstRecord_CreatesTheFileWholeAndFlushesTheFolder()
    {
        var durability = new RecordingDurability();
        new SafetyStore(_directory, durability).Write([1, 2, 3]);

        // A new file is durable only with its folder: the first write is a replace by rename.
        Assert.Contains(durability.Events, e => e.Directory == Path.GetFullPath(_directory) && e.Names.Contains(SafetyStore.FileName));
        Assert.Equal(Page * 3, new FileInfo(FilePath).Length);
    }

    [Fact]
    public void Write_InPlace_FlushesTheDataOnceAndNotTheFolder()
    {
        var durability = new RecordingDurability();
        var store = new SafetyStore(_directory, durability);
        store.Write([1, 2, 3]);
        long length = new FileInfo(FilePath).Length;
        durability.Clear();

        store.Write([4, 5, 6]);
        store.Write([7, 8, 9]);

        // One fdatasync per record, nothing else: the file keeps its blocks and its size.
        Assert.Equal(2, durability.Events.Count);
        Assert.All(durability.Events, e => Assert.True(e.IsFileFlush && e.DataOnly));
        Assert.Equal(length, new FileInfo(FilePath).Length);
        Assert.False(File.Exists(FilePath + ".tmp"));
    }

    [Fact]
    public void Read_NewestSlotTorn_ReturnsThePreviousRecord()
    {
        var store = new SafetyStore(_directory);
        store.Write([1, 1, 1]);
        store.Write([2, 2, 2]);

        // The write of [2, 2, 2] into slot 1 torn by a crash: Write never returned, nothing it protects was sent.
        Damage(slot: 1, offset: 44 + 1);

        Assert.Equal([1, 1, 1], new SafetyStore(_directory).Read());
    }

    [Fact]
    public void Read_TornSlotHeader_ReturnsTheOtherSlot()
    {
        var store = new SafetyStore(_directory);
        store.Write([1, 1, 1]);
        store.Write([2, 2, 2]);
        store.Write([3, 3, 3]);

        // Slot 0 (holding [3, 3, 3]) with its sequence number half written.
        Damage(slot: 0, offset: 7);

        Assert.Equal([2, 2, 2], new SafetyStore(_directory).Read());
    }

    [Fact]
    public void Read_OlderSlotGarbage_ReturnsTheNewest()
    {
        var store = new SafetyStore(_directory);
        store.Write([1, 1, 1]);
        store.Write([2, 2, 2]);
        var bytes = File.ReadAllBytes(FilePath);
        RandomNumberGenerator.Fill(bytes.AsSpan(Page, Page));
        File.WriteAllBytes(FilePath, bytes);

        Assert.Equal([2, 2, 2], new SafetyStore(_directory).Read());
    }

    [Fact]
    public void Write_AfterTornSlot_OverwritesTheTornSlotAndKeepsTheIntactOne()
    {
        var store = new SafetyStore(_directory);
        store.Write([1, 1, 1]);
        store.Write([2, 2, 2]);
        Damage(slot: 1, offset: 44);

        var restarted = new SafetyStore(_directory);
        Assert.Equal([1, 1, 1], restarted.Read());
        restarted.Write([3, 3, 3]);
        Assert.Equal([3, 3, 3], new SafetyStore(_directory).Read());

        // Had the write gone over [1, 1, 1] (slot 0), tearing it now would leave nothing valid.
        Damage(slot: 1, offset: 44);
        Assert.Equal([1, 1, 1], new SafetyStore(_directory).Read());
    }

    [Fact]
    public void Write_BeforeRead_ContinuesAfterTheNewestRecord()
    {
        var store = new SafetyStore(_directory);
        store.Write([1]);
        store.Write([2]);

        // A second instance that writes without reading first must not overwrite the newest slot.
        new SafetyStore(_directory).Write([3]);
        Damage(slot: 0, offset: 44);

        Assert.Equal([2], new SafetyStore(_directory).Read());
    }

    [Fact]
    public void Read_BothSlotsDamaged_RefusesToStart()
    {
        var store = new SafetyStore(_directory);
        store.Write([9, 9, 9, 9]);
        store.Write([8, 8, 8, 8]);
        Damage(slot: 0, offset: 45);
        Damage(slot: 1, offset: 45);

        var error = Assert.Throws<InvalidDataException>(() => new SafetyStore(_directory).Read());
        Assert.Contains("neither slot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedFile_RefusesToStart()
    {
        new SafetyStore(_directory).Write([9, 9, 9, 9]);
        File.WriteAllBytes(FilePath, File.ReadAllBytes(FilePath)[..^2]);

        var error = Assert.Throws<InvalidDataException>(() => new SafetyStore(_directory).Read());
        Assert.Contains("two slots", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LargerThanASlot_GrowsTheFileAndKeepsAlternating()
    {
        var store = new SafetyStore(_directory);
        store.Write([1]);
        var large = new byte[Page * 2];
        RandomNumberGenerator.Fill(large);

        store.Write(large);
        Assert.Equal(large, new SafetyStore(_directory).Read());
        store.Write([3]);

        Assert.Equal([3], new SafetyStore(_directory).Read());
        Assert.True(new FileInfo(FilePath).Length > Page * 3);
    }

    [Fact]
    public void Read_FormerLayout_ReturnsItsDataAndTheNextWriteConvertsIt()
    {
        Directory.CreateDirectory(_directory);
        byte[] data = [5, 6, 7];
        var legacy = new byte[36 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(legacy, data.Length);
        SHA256.HashData(data, legacy.AsSpan(4, 32));
        data.CopyTo(legacy.AsSpan(36));
        File.WriteAllBytes(FilePath, legacy);

        var store = new SafetyStore(_directory);
        Assert.Equal(data, store.Read());
        Assert.Equal(1, store.RecordFormat);
        store.Write([8, 9]);

        Assert.Equal([8, 9], new SafetyStore(_directory).Read());
        Assert.Equal("LSAFETY"u8.ToArray(), File.ReadAllBytes(FilePath)[..7]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_OlderSlotFormat_SaysSoAndTheNextWriteReplacesItWithFormatFour(byte format)
    {
        // A format-2 or format-3 file is the format-4 file with its version byte (its slots hold the shorter data).
        var store = new SafetyStore(_directory);
        store.Write([1, 2]);
        store.Write([3, 4]);
        var bytes = File.ReadAllBytes(FilePath);
        bytes[7] = format;
        File.WriteAllBytes(FilePath, bytes);

        var reopened = new SafetyStore(_directory);
        Assert.Equal([3, 4], reopened.Read());
        Assert.Equal(format, reopened.RecordFormat);
        reopened.Write([5]);

        var again = new SafetyStore(_directory);
        Assert.Equal([5], again.Read());
        Assert.Equal(4, again.RecordFormat);
        Assert.Equal("LSAFETY\u0004"u8.ToArray(), File.ReadAllBytes(FilePath)[..8]);
    }

    [Fact]
    public void Read_FormatFourFile_IsFormatFour()
    {
        var store = new SafetyStore(_directory);
        store.Write([1]);

        var reopened = new SafetyStore(_directory);
        reopened.Read();

        Assert.Equal(4, reopened.RecordFormat);
    }

    [Fact]
    public void Read_LaterFormat_RefusesToStartNamingTheFormat()
    {
        var store = new SafetyStore(_directory);
        store.Write([1]);
        var bytes = File.ReadAllBytes(FilePath);
        bytes[7] = 5;
        File.WriteAllBytes(FilePath, bytes);

        var error = Assert.Throws<InvalidDataException>(() => new SafetyStore(_directory).Read());

        Assert.Contains("format 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FormerLayoutCorrupted_RefusesToStart()
    {
        Directory.CreateDirectory(_directory);
        byte[] data = [5, 6, 7];
        var legacy = new byte[36 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(legacy, data.Length);
        SHA256.HashData(data, legacy.AsSpan(4, 32));
        data.CopyTo(legacy.AsSpan(36));
        legacy[^1] ^= 0x01;
        File.WriteAllBytes(FilePath, legacy);

        var error = Assert.Throws<InvalidDataException>(() => new SafetyStore(_directory).Read());
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Flips one byte of a slot, as a torn or damaged write leaves it.</summary>
    private void Damage(int slot, int offset)
    {
        var bytes = File.ReadAllBytes(FilePath);
        int slotBytes = (bytes.Length - Page) / 2;
        bytes[Page + (slot * slotBytes) + offset] ^= 0x5A;
        File.WriteAllBytes(FilePath, bytes);
    }
}
