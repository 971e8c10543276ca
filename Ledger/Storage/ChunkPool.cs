namespace Ledger.Storage;

/// <summary>
/// Full-size chunks (<see cref="ChunkedBytes.MaxChunkSize"/>) kept between block commits: a
/// block's payload, receipts and diff are encoded into them, written to the block file straight
/// from them, and they come back here, so committing a block does not allocate them again; the
/// transaction-index rebuild on open reads each record into them the same way. Used only under
/// the store's write lock (or before the store is returned from Open); holds at most
/// <see cref="MaxPooled"/> chunks.
/// </summary>
internal sealed class ChunkPool
{
    /// <summary>8 MiB: a block of several thousand transfers with a certificate that repeats its payload.</summary>
    public const int MaxPooled = 128;

    private readonly Stack<byte[]> _free = new();

    public int Count => _free.Count;

    /// <summary>A full-size chunk with arbitrary content (the writer overwrites every byte).</summary>
    public byte[] Rent() => _free.TryPop(out byte[]? chunk) ? chunk : new byte[ChunkedBytes.MaxChunkSize];

    /// <summary>Takes back the full-size chunks of <paramref name="bytes"/>; their content must no longer be read.</summary>
    public void Return(ChunkedBytes bytes)
    {
        foreach (byte[] chunk in bytes.Chunks)
        {
            if (chunk.Length == ChunkedBytes.MaxChunkSize && _free.Count < MaxPooled)
            {
                _free.Push(chunk);
            }
        }
    }
}
