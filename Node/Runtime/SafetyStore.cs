using System.Buffers.Binary;
using System.Security.Cryptography;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// The consensus core's safety data on disk, in two fixed slots written in place alternately, so
/// a write costs one data flush (fdatasync) and no rename or folder flush: the write before every
/// vote is what bounds a round at small blocks. A vote or timeout leaves the node only after
/// <see cref="Write"/> has returned.
/// <para>
/// Layout (<c>safety.bin</c>, PROTOCOL.md "Safety record file"): a 4096-byte header (magic, version,
/// slot size, the consensus public key whose record this is) written once when the file is created, then slot 0 and slot 1, each a multiple of
/// 4096 bytes, each holding a sequence number, the data's length, the SHA-256 of the three, and the
/// data. The file is created whole (zeros included, so no write in place allocates blocks or changes
/// its size) by <see cref="DurableFiles.ReplaceAtomically"/>, as it is again on the rare write that
/// outgrows a slot.
/// </para>
/// <para>
/// Why it is crash-safe: a write goes to the slot that does not hold the newest valid record, so a
/// write torn by a crash or power loss damages only that slot, whose record was never acknowledged
/// (<see cref="Write"/> had not returned, so nothing it protects was sent); the other slot still
/// holds the previous record, whole. Reading takes the valid slot with the higher sequence number.
/// A damaged slot beside a valid one is therefore read as a torn write; damage to the newest slot
/// after its write had returned (the device corrupting data it acknowledged) is outside what this
/// file, like every other store here, defends against. Neither slot valid, a header that is not
/// this format's, or a length that is not the header's means the file was damaged, and the node
/// refuses to start rather than risk a double vote.
/// </para>
/// <para>
/// A file of the former layout (length, SHA-256, data, replaced by rename), of format 2 (these
/// slots, the data without the recovery fields) or of format 3 (the data without the proposed
/// round) is read as before and replaced whole, in format 4, by the next write
/// (<see cref="RecordFormat"/> says which was read). A header naming a later format is refused.
/// </para>
/// <para>
/// The header names the validator key the record belongs to (<see cref="RecordOwner"/>), so a
/// record copied from another node, or kept across a key rotation, is recognised: the node treats
/// it as lost rather than sign by its rules (docs/ARCHITECTURE.md, "Safety record"). The next
/// write replaces such a file whole, naming this store's key.
/// </para>
/// </summary>
public sealed class SafetyStore
{
    public const string FileName = "safety.bin";

    /// <summary>The header's size and the unit of slot sizes: a device page, so a torn slot write cannot reach the header or the other slot.</summary>
    public const int PageBytes = 4096;

    /// <summary>The format this build writes.</summary>
    public const int CurrentFormat = 4;

    /// <summary>The first bytes of the file: ASCII "LSAFETY" and the format version 4.</summary>
    private static ReadOnlySpan<byte> Magic => "LSAFETY\u0004"u8;

    /// <summary>The magic without its version byte, which formats 2 and later share.</summary>
    private static ReadOnlySpan<byte> MagicPrefix => "LSAFETY"u8;

    private const int SlotHeaderBytes = 8 + 4 + 32;
    private const int LegacyHeaderBytes = 4 + 32;

    /// <summary>Where the header names the record's validator key (32 bytes, zeros: not named).</summary>
    private const int OwnerOffset = 12;
    private const int OwnerBytes = 32;

    private readonly string _path;
    private readonly IFileDurability _durability;
    private readonly byte[]? _owner;
    private SlotFile? _file;
    private bool _scanned;

    public SafetyStore(string directory)
        : this(directory, OsFileDurability.Instance)
    {
    }

    /// <param name="owner">The validator's consensus public key (32 bytes), which every file this store creates names; null names none.</param>
    public SafetyStore(string directory, IFileDurability durability, ReadOnlySpan<byte> owner = default)
    {
        _durability = durability ?? throw new ArgumentNullException(nameof(durability));
        if (!owner.IsEmpty && owner.Length != OwnerBytes)
        {
            throw new ArgumentException($"a validator key has {OwnerBytes} bytes, not {owner.Length}", nameof(owner));
        }

        _owner = owner.IsEmpty ? null : owner.ToArray();
        DurableFiles.CreateDirectory(directory, durability);
        _path = Path.Combine(directory, FileName);
    }

    /// <summary>
    /// The validator key the header of the file <see cref="Read"/> found names, or null when it names
    /// none (a file of format 3 or earlier, or one created without a key) or there is no file.
    /// </summary>
    public byte[]? RecordOwner { get; private set; }

    /// <summary>Whether the file names a key other than this store's: a record of another validator, never to be signed by.</summary>
    public bool BelongsToAnotherKey => _owner is not null && RecordOwner is not null && !RecordOwner.AsSpan().SequenceEqual(_owner);

    /// <summary>
    /// The format of the record <see cref="Read"/> returned: 4 (this one), 3 (slots, the data
    /// without the proposed round), 2 (slots, the data without the recovery fields either) or 1
    /// (the former single-record layout, the same data as 2); decode the data with
    /// <c>ConsensusCodec.DecodeSafetyData(data, RecordFormat)</c>.
    /// </summary>
    public int RecordFormat { get; private set; } = CurrentFormat;

    /// <summary>The last data written, or null on a fresh node (or one whose record was deleted).</summary>
    public byte[]? Read()
    {
        var (data, file) = Load();
        _file = file;
        _scanned = true;
        return data;
    }

    /// <summary>Writes and flushes to the device before returning.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (!_scanned)
        {
            Read();
        }

        ulong sequence = (_file?.Sequence ?? 0) + 1;
        byte[] slot = EncodeSlot(sequence, data);
        if (_file is { } file && RecordFormat == CurrentFormat && !BelongsToAnotherKey && slot.Length <= file.SlotBytes)
        {
            int target = 1 - file.Current;
            using (var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Write, FileShare.Read))
            {
                RandomAccess.Write(handle, slot, SlotOffset(target, file.SlotBytes));
                _durability.FlushFileData(handle);
            }

            _file = new SlotFile(file.SlotBytes, target, sequence);
            return;
        }

        // No file of this layout yet (a fresh node, or the former layout), a file of another key,
        // or a record larger than a slot: a new file, whole, in place of the old, the record in slot 0.
        int slotBytes = RoundUpToPage(Math.Max(slot.Length * 2, PageBytes));
        var bytes = new byte[PageBytes + (2 * slotBytes)];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(Magic.Length), slotBytes);
        _owner?.CopyTo(bytes.AsSpan(OwnerOffset));
        slot.CopyTo(bytes.AsSpan(PageBytes));
        DurableFiles.ReplaceAtomically(_path, bytes, _durability);
        _file = new SlotFile(slotBytes, 0, sequence);
        RecordFormat = CurrentFormat;
        RecordOwner = _owner;
    }

    private (byte[]? Data, SlotFile? File) Load()
    {
        RecordOwner = null;
        if (!File.Exists(_path))
        {
            return (null, null);
        }

        var bytes = File.ReadAllBytes(_path);
        if (!bytes.AsSpan().StartsWith(MagicPrefix))
        {
            RecordFormat = 1;
            return (ReadLegacy(bytes), null);
        }

        int version = bytes.Length > MagicPrefix.Length ? bytes[MagicPrefix.Length] : 0;
        if (version is < 2 or > CurrentFormat)
        {
            // A later build's record (or a damaged header): its data cannot be read here, and
            // starting without it could sign twice.
            throw new InvalidDataException(
                $"safety data '{_path}' is of format {version}; this build reads formats 1 to {CurrentFormat}; refusing to start rather than risk a double vote");
        }

        RecordFormat = version;

        int slotBytes = bytes.Length >= Magic.Length + 4 ? BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(Magic.Length)) : 0;
        if (slotBytes < PageBytes || slotBytes % PageBytes != 0 || bytes.Length != PageBytes + (2L * slotBytes))
        {
            throw new InvalidDataException(
                $"safety data '{_path}' has {bytes.Length} bytes, not a header and two slots of {slotBytes}; refusing to start rather than risk a double vote");
        }

        // Format 4 names the record's key; earlier formats have zeros there. The name is not under a
        // checksum: damage to it reads as another key's record, which the node treats as lost (safe).
        ReadOnlySpan<byte> owner = bytes.AsSpan(OwnerOffset, OwnerBytes);
        RecordOwner = version >= 4 && owner.ContainsAnyExcept((byte)0) ? owner.ToArray() : null;

        var first = DecodeSlot(bytes.AsSpan(checked((int)SlotOffset(0, slotBytes)), slotBytes));
        var second = DecodeSlot(bytes.AsSpan(checked((int)SlotOffset(1, slotBytes)), slotBytes));
        if (first is null && second is null)
        {
            throw new InvalidDataException(
                $"safety data '{_path}': neither slot holds a record that matches its checksum; refusing to start rather than risk a double vote");
        }

        if (first is { } a && second is { } b && a.Sequence == b.Sequence)
        {
            throw new InvalidDataException(
                $"safety data '{_path}': both slots claim sequence {a.Sequence}; refusing to start rather than risk a double vote");
        }

        int current = second is null || (first is not null && first.Value.Sequence > second.Value.Sequence) ? 0 : 1;
        var newest = current == 0 ? first!.Value : second!.Value;
        return (newest.Data, new SlotFile(slotBytes, current, newest.Sequence));
    }

    private byte[] ReadLegacy(byte[] bytes)
    {
        if (bytes.Length < LegacyHeaderBytes)
        {
            throw new InvalidDataException($"safety data '{_path}' is truncated ({bytes.Length} bytes)");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (length < 0 || length != bytes.Length - LegacyHeaderBytes)
        {
            throw new InvalidDataException($"safety data '{_path}' declares {length} bytes but holds {bytes.Length - LegacyHeaderBytes}");
        }

        var data = bytes.AsSpan(LegacyHeaderBytes).ToArray();
        if (!SHA256.HashData(data).AsSpan().SequenceEqual(bytes.AsSpan(4, 32)))
        {
            throw new InvalidDataException($"safety data '{_path}' fails its checksum; refusing to start rather than risk a double vote");
        }

        return data;
    }

    /// <summary>Sequence, length, SHA-256 of (sequence, length, data), data.</summary>
    private static byte[] EncodeSlot(ulong sequence, ReadOnlySpan<byte> data)
    {
        var slot = new byte[SlotHeaderBytes + data.Length];
        BinaryPrimitives.WriteUInt64BigEndian(slot, sequence);
        BinaryPrimitives.WriteInt32BigEndian(slot.AsSpan(8), data.Length);
        data.CopyTo(slot.AsSpan(SlotHeaderBytes));
        Checksum(slot, data.Length, slot.AsSpan(12, 32));
        return slot;
    }

    /// <summary>The slot's record, or null when it is empty, torn or damaged.</summary>
    private static SlotRecord? DecodeSlot(ReadOnlySpan<byte> slot)
    {
        ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(slot);
        int length = BinaryPrimitives.ReadInt32BigEndian(slot[8..]);
        if (sequence == 0 || length < 0 || length > slot.Length - SlotHeaderBytes)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[32];
        Checksum(slot, length, expected);
        return expected.SequenceEqual(slot.Slice(12, 32)) ? new SlotRecord(sequence, slot.Slice(SlotHeaderBytes, length).ToArray()) : null;
    }

    private static void Checksum(ReadOnlySpan<byte> slot, int length, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(slot[..12]);
        hash.AppendData(slot.Slice(SlotHeaderBytes, length));
        hash.GetHashAndReset(destination);
    }

    private static long SlotOffset(int slot, int slotBytes) => PageBytes + ((long)slot * slotBytes);

    private static int RoundUpToPage(int bytes) => checked((bytes + PageBytes - 1) / PageBytes * PageBytes);

    /// <summary>The file's slot size, the slot holding the newest record and that record's sequence number.</summary>
    private readonly record struct SlotFile(int SlotBytes, int Current, ulong Sequence);

    private readonly record struct SlotRecord(ulong Sequence, byte[] Data);
}
