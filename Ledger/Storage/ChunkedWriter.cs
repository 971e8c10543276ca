using System.Buffers;

namespace Ledger.Storage;

/// <summary>
/// Writes exactly the declared number of bytes into a <see cref="ChunkedBytes"/>. A span asked
/// for across a chunk boundary is handed out from a scratch buffer and copied on
/// <see cref="Advance"/>, so encoders can write each item contiguously.
/// </summary>
internal sealed class ChunkedWriter : IBufferWriter<byte>
{
    private readonly ChunkedBytes _target;
    private byte[] _scratch = [];
    private bool _inScratch;
    private int _chunk;
    private int _offset;
    private int _written;

    public ChunkedWriter(int length, ChunkPool? pool = null) => _target = ChunkedBytes.Allocate(length, pool);

    public int Remaining => _target.Length - _written;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Remaining)
        {
            throw new InvalidOperationException($"an encoder wrote past the {_target.Length} bytes it declared");
        }

        if (_inScratch)
        {
            _inScratch = false;
            Copy(_scratch.AsSpan(0, count));
            return;
        }

        if (count > CurrentChunk().Length - _offset)
        {
            throw new InvalidOperationException("advanced past the span handed out");
        }

        _offset += count;
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        int size = Math.Max(1, sizeHint);
        MoveToRoom();
        if (_chunk < _target.Chunks.Count && CurrentChunk().Length - _offset >= size)
        {
            return CurrentChunk().AsMemory(_offset);
        }

        if (_scratch.Length < size)
        {
            _scratch = new byte[Math.Max(size, 256)];
        }

        _inScratch = true;
        return _scratch;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>The written bytes; refuses if fewer than declared were written.</summary>
    public ChunkedBytes Complete()
    {
        if (Remaining != 0)
        {
            throw new InvalidOperationException($"an encoder declared {_target.Length} bytes and wrote {_written}");
        }

        return _target;
    }

    private byte[] CurrentChunk() => _target.Chunks[_chunk];

    private void MoveToRoom()
    {
        while (_chunk < _target.Chunks.Count && _offset == CurrentChunk().Length)
        {
            _chunk++;
            _offset = 0;
        }
    }

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            MoveToRoom();
            int take = Math.Min(bytes.Length, CurrentChunk().Length - _offset);
            bytes[..take].CopyTo(CurrentChunk().AsSpan(_offset));
            bytes = bytes[take..];
            _offset += take;
            _written += take;
        }
    }
}
