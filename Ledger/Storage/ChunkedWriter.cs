using System.Buffers;

namespace Ledger.Storage;

/// <summary>
/// Writes exactly the declared number of bytes into a <see cref="ChunkedBytes"/>. A span asked
/// for across a chunk boundary is handed out from a scratch buffer and copied on
/// <see cref="Advance"/>, so encoders can write each item contiguously. Encoders ask for a span
/// per field (some ten thousand per block), so the common case, room in the current chunk, is a
/// bounds check on a cached array.
/// </summary>
internal sealed class ChunkedWriter : IBufferWriter<byte>
{
    private readonly ChunkedBytes _target;
    private readonly IReadOnlyList<byte[]> _chunks;
    private byte[] _current;
    private byte[] _scratch = [];
    private bool _inScratch;
    private int _chunk;
    private int _offset;
    private int _written;

    public ChunkedWriter(int length, ChunkPool? pool = null)
    {
        _target = ChunkedBytes.Allocate(length, pool);
        _chunks = _target.Chunks;
        _current = _chunks.Count > 0 ? _chunks[0] : [];
    }

    public int Remaining => _target.Length - _written;

    public void Advance(int count)
    {
        if (!_inScratch && (uint)count <= (uint)(_current.Length - _offset))
        {
            // Within the span handed out from the current chunk, so within the declared length.
            _offset += count;
            _written += count;
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Remaining)
        {
            throw new InvalidOperationException($"an encoder wrote past the {_target.Length} bytes it declared");
        }

        if (!_inScratch)
        {
            throw new InvalidOperationException("advanced past the span handed out");
        }

        _inScratch = false;
        Copy(_scratch.AsSpan(0, count));
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        int size = Math.Max(1, sizeHint);
        if (_current.Length - _offset >= size)
        {
            // A span asked for again replaces one handed out from the scratch buffer.
            _inScratch = false;
            return _current.AsMemory(_offset);
        }

        return Elsewhere(size);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        int size = Math.Max(1, sizeHint);
        if (_current.Length - _offset >= size)
        {
            _inScratch = false;
            return _current.AsSpan(_offset);
        }

        return Elsewhere(size).Span;
    }

    /// <summary>The written bytes; refuses if fewer than declared were written.</summary>
    public ChunkedBytes Complete()
    {
        if (Remaining != 0)
        {
            throw new InvalidOperationException($"an encoder declared {_target.Length} bytes and wrote {_written}");
        }

        return _target;
    }

    // The current chunk is full or has less room than asked for: the next chunk if the current
    // one is full and the next has room, else the scratch buffer.
    private Memory<byte> Elsewhere(int size)
    {
        MoveToRoom();
        if (_current.Length - _offset >= size)
        {
            _inScratch = false;
            return _current.AsMemory(_offset);
        }

        if (_scratch.Length < size)
        {
            _scratch = new byte[Math.Max(size, 256)];
        }

        _inScratch = true;
        return _scratch;
    }

    private void MoveToRoom()
    {
        while (_offset == _current.Length && _chunk + 1 < _chunks.Count)
        {
            _chunk++;
            _current = _chunks[_chunk];
            _offset = 0;
        }
    }

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            MoveToRoom();
            int take = Math.Min(bytes.Length, _current.Length - _offset);
            bytes[..take].CopyTo(_current.AsSpan(_offset));
            bytes = bytes[take..];
            _offset += take;
            _written += take;
        }
    }
}
