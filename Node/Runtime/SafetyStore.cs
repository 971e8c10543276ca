using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ledger.Node.Runtime;

/// <summary>
/// The consensus core's safety data on disk. Each write goes to a temporary file that is flushed
/// to the device and then renamed over the old one, so after a crash at any instant the file
/// holds either the previous or the new data, whole, and a torn write is detected by its checksum.
/// A vote or timeout leaves the node only after <see cref="Write"/> has returned.
/// </summary>
public sealed class SafetyStore
{
    private const int HeaderBytes = 4 + 32;
    private readonly string _path;
    private readonly string _temporary;

    public SafetyStore(string directory)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "safety.bin");
        _temporary = _path + ".tmp";
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
        using (var file = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            file.Write(record);
            file.Flush(flushToDisk: true);
        }

        File.Move(_temporary, _path, overwrite: true);
    }
}
