namespace Ledger.Storage;

/// <summary>
/// One stored byte string held as consecutive chunks, each below the large-object-heap threshold.
/// A block's payload, receipts and state diff are hundreds of kilobytes; as single arrays each
/// of them went to the large object heap, whose allocations trigger full (gen-2) collections of
/// the whole ledger state, and that showed up as a large part of the commit cost. Chunks of at
/// most <see cref="MaxChunkSize"/> bytes die young in gen 0 instead.
/// </summary>
internal sealed class ChunkedBytes
{
    /// <summary>64 KiB: below the runtime's 85,000-byte large-object threshold.</summary>
    public const int MaxChunkSize = 64 * 1024;

    private readonly byte[][] _chunks;
    private byte[]? _joined;

    private ChunkedBytes(byte[][] chunks, int length)
    {
        _chunks = chunks;
        Length = length;
    }

    public static ChunkedBytes Empty { get; } = new([], 0);

    public int Length { get; }

    public IReadOnlyList<byte[]> Chunks => _chunks;

    /// <summary>Wraps one array without copying it (a stored block built from plain arrays).</summary>
    public static ChunkedBytes Wrap(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.Length == 0 ? Empty : new ChunkedBytes([bytes], bytes.Length) { _joined = bytes };
    }

    /// <summary>Chunks as read back from the store, in order.</summary>
    public static ChunkedBytes FromChunks(byte[][] chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        long length = 0;
        foreach (byte[] chunk in chunks)
        {
            length += chunk.Length;
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"{length} bytes do not fit one array", nameof(chunks));
        }

        return new ChunkedBytes(chunks, (int)length);
    }

    /// <summary>
    /// Chunks for <paramref name="length"/> bytes, all but the last of <see cref="MaxChunkSize"/>;
    /// full-size ones come from <paramref name="pool"/> when given (content arbitrary), the last is exact.
    /// </summary>
    public static ChunkedBytes Allocate(int length, ChunkPool? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var chunks = new byte[(length + MaxChunkSize - 1) / MaxChunkSize][];
        for (int i = 0; i < chunks.Length; i++)
        {
            int size = Math.Min(MaxChunkSize, length - (i * MaxChunkSize));
            chunks[i] = size == MaxChunkSize && pool is not null ? pool.Rent() : new byte[size];
        }

        return new ChunkedBytes(chunks, length);
    }

    /// <summary>All bytes as one array, joined once and then kept (a stored block is immutable).</summary>
    public byte[] ToArray()
    {
        if (_joined is { } joined)
        {
            return joined;
        }

        var bytes = new byte[Length];
        int offset = 0;
        foreach (byte[] chunk in _chunks)
        {
            chunk.CopyTo(bytes, offset);
            offset += chunk.Length;
        }

        _joined = bytes;
        return bytes;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting at <paramref name="offset"/>.</summary>
    public void CopyTo(int offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length - destination.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{destination.Length} bytes at {offset} are outside {Length} bytes");
        }

        int chunk = 0;
        while (offset >= _chunks[chunk].Length && destination.Length > 0)
        {
            offset -= _chunks[chunk].Length;
            chunk++;
        }

        while (destination.Length > 0)
        {
            int take = Math.Min(destination.Length, _chunks[chunk].Length - offset);
            _chunks[chunk].AsSpan(offset, take).CopyTo(destination);
            destination = destination[take..];
            offset = 0;
            chunk++;
        }
    }
}
