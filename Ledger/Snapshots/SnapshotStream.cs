using System.Buffers.Binary;
using System.Security.Cryptography;
using Ledger.Crypto;

namespace Ledger.Snapshots;

/// <summary>
/// Big-endian fixed-width reads and writes over a stream, hashing every byte that passes (SHA-256),
/// so a snapshot's checksum is computed in the same pass that writes or reads it and the state is
/// never held twice as bytes. One instance is either a writer or a reader.
/// </summary>
internal sealed class SnapshotStream : IDisposable
{
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _scratch = new byte[64];

    public SnapshotStream(Stream stream) => _stream = stream;

    /// <summary>Bytes read or written so far.</summary>
    public long Position { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _hash.AppendData(bytes);
        Position += bytes.Length;
    }

    public void WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 4));
    }

    public void WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_scratch, value);
        Write(_scratch.AsSpan(0, 8));
    }

    public void WriteHash(Hash32 hash)
    {
        hash.CopyTo(_scratch);
        Write(_scratch.AsSpan(0, Hash32.Size));
    }

    /// <summary>The digest of everything written or read so far, written unhashed (the trailer).</summary>
    public void WriteChecksum() => _stream.Write(_hash.GetCurrentHash());

    /// <summary>Reads exactly <paramref name="destination"/>'s length or throws a <see cref="FormatException"/>.</summary>
    public void Read(Span<byte> destination)
    {
        try
        {
            _stream.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException($"the snapshot ends at byte {Position} inside a field", e);
        }

        _hash.AppendData(destination);
        Position += destination.Length;
    }

    public uint ReadU32()
    {
        Read(_scratch.AsSpan(0, 4));
        return BinaryPrimitives.ReadUInt32BigEndian(_scratch);
    }

    public ulong ReadU64()
    {
        Read(_scratch.AsSpan(0, 8));
        return BinaryPrimitives.ReadUInt64BigEndian(_scratch);
    }

    public Hash32 ReadHash()
    {
        Read(_scratch.AsSpan(0, Hash32.Size));
        return new Hash32(_scratch.AsSpan(0, Hash32.Size));
    }

    /// <summary>True when the next 32 bytes equal the digest of everything read before them and the stream ends there.</summary>
    public bool ChecksumMatches()
    {
        byte[] expected = _hash.GetCurrentHash();
        Span<byte> found = stackalloc byte[Hash32.Size];
        try
        {
            _stream.ReadExactly(found);
        }
        catch (EndOfStreamException)
        {
            return false;
        }

        return found.SequenceEqual(expected) && _stream.ReadByte() < 0;
    }

    public void Dispose() => _hash.Dispose();
}
