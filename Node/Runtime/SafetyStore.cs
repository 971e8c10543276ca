using System.Buffers.Binary;
using System.Security.Cryptography;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// The consensus core's safety data on disk. Each write goes to a temporary file that is flushed
/// to the device, renamed over the old one, and then the directory is flushed
/// (<see cref="DurableFiles.ReplaceAtomically"/>), so after a crash or a power loss at any instant
/// the file holds either the previous or the new data, whole, and a torn write is detected by its
/// checksum. Without the directory flush the rename itself could be lost with the power: the
/// replica would come back with an older vote record and could sign a second vote in a round it
/// had voted in. A vote or timeout leaves the node only after <see cref="Write"/> has returned.
/// </summary>
public sealed class SafetyStore
{
    private const int HeaderBytes = 4 + 32;
    private readonly string _path;
    private readonly IFileDurability _durability;

    public SafetyStore(string directory)
        : this(directory, OsFileDurability.Instance)
    {
    }

    public SafetyStore(string directory, IFileDurability durability)
    {
        _durability = durability ?? throw new ArgumentNullException(nameof(durability));
        DurableFiles.CreateDirectory(directory, durability);
        _path = Path.Combine(directory, "safety.bin");
    }

    /// <summary>The last data written, or null on a fresh node.</summary>
    public byte[]? Read()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(_path);
        if (bytes.Length < HeaderBytes)
        {
            throw new InvalidDataException($"safety data '{_path}' is truncated ({bytes.Length} bytes)");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (length < 0 || length != bytes.Length - HeaderBytes)
        {
            throw new InvalidDataException($"safety data '{_path}' declares {length} bytes but holds {bytes.Length - HeaderBytes}");
        }

        var data = bytes.AsSpan(HeaderBytes).ToArray();
        if (!SHA256.HashData(data).AsSpan().SequenceEqual(bytes.AsSpan(4, 32)))
        {
            throw new InvalidDataException($"safety data '{_path}' fails its checksum; refusing to start rather than risk a double vote");
        }

        return data;
    }

    /// <summary>Writes and flushes to the device before returning.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        var record = new byte[HeaderBytes + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(record, data.Length);
        SHA256.HashData(data, record.AsSpan(4, 32));
        data.CopyTo(record.AsSpan(HeaderBytes));
        DurableFiles.ReplaceAtomically(_path, record, _durability);
    }
}
