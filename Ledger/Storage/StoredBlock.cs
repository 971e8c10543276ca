using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Storage;

/// <summary>
/// A committed block as stored: where it hangs, the header of the state it produced (its roots,
/// timestamp, transaction count; its hash is the state root), its payload, the consensus
/// certificate (opaque bytes to the ledger), its receipts and the state diff it made. The four
/// byte strings are held in chunks below the large-object threshold (see
/// <see cref="ChunkedBytes"/>) and joined into one array only when a reader asks for it; a class,
/// not a record, because record equality and <c>with</c> would treat those chunks as values.
/// </summary>
public sealed class StoredBlock
{
    public StoredBlock(ulong height, Hash32 blockId, Hash32 parentBlockId, StateHeader header,
        byte[] payload, byte[] certificate, byte[] receipts, byte[] stateDiff)
        : this(height, blockId, parentBlockId, header,
            ChunkedBytes.Wrap(payload), ChunkedBytes.Wrap(certificate), ChunkedBytes.Wrap(receipts), ChunkedBytes.Wrap(stateDiff))
    {
    }

    internal StoredBlock(ulong height, Hash32 blockId, Hash32 parentBlockId, StateHeader header,
        ChunkedBytes payload, ChunkedBytes certificate, ChunkedBytes receipts, ChunkedBytes stateDiff)
    {
        ArgumentNullException.ThrowIfNull(header);
        Height = height;
        BlockId = blockId;
        ParentBlockId = parentBlockId;
        Header = header;
        StateRoot = header.Root;
        PayloadChunks = payload;
        CertificateChunks = certificate;
        ReceiptsChunks = receipts;
        StateDiffChunks = stateDiff;
    }

    public ulong Height { get; }

    public Hash32 BlockId { get; }

    public Hash32 ParentBlockId { get; }

    /// <summary>The header of the state this block produced: what the state root hashes.</summary>
    public StateHeader Header { get; }

    public long TimestampMs => Header.TimestampMs;

    public Hash32 TxRoot => Header.TxRoot;

    public Hash32 ReceiptsRoot => Header.ReceiptsRoot;

    /// <summary>The hash of <see cref="Header"/>: the state root the block's QC signs.</summary>
    public Hash32 StateRoot { get; }

    /// <summary>How many transactions the block holds: its payload's count prefix, read without joining the payload.</summary>
    public int TransactionCount
    {
        get
        {
            if (PayloadChunks.Length < sizeof(uint))
            {
                return 0;
            }

            Span<byte> count = stackalloc byte[sizeof(uint)];
            PayloadChunks.CopyTo(0, count);
            return checked((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(count));
        }
    }

    /// <summary>The block's payload (<see cref="PayloadCodec"/>).</summary>
    public byte[] Payload => PayloadChunks.ToArray();

    /// <summary>The consensus commit evidence, opaque to the ledger.</summary>
    public byte[] Certificate => CertificateChunks.ToArray();

    /// <summary>The receipts (<see cref="Receipt.EncodeAll(IReadOnlyList{Receipt})"/>), one per transaction in payload order.</summary>
    public byte[] Receipts => ReceiptsChunks.ToArray();

    /// <summary>The state diff (<see cref="StateChangesCodec"/>).</summary>
    public byte[] StateDiff => StateDiffChunks.ToArray();

    internal ChunkedBytes PayloadChunks { get; }

    internal ChunkedBytes CertificateChunks { get; }

    internal ChunkedBytes ReceiptsChunks { get; }

    internal ChunkedBytes StateDiffChunks { get; }

    /// <summary>
    /// The stored form of an executed block, with its (opaque) consensus certificate. Each part is
    /// encoded once, straight into its chunks; transactions contribute their cached canonical bytes.
    /// </summary>
    public static StoredBlock From(ExecutionResult result, ReadOnlySpan<byte> certificate) => From(result, certificate, null);

    /// <summary>As <see cref="From(ExecutionResult, ReadOnlySpan{byte})"/>, with full-size chunks from <paramref name="pool"/>.</summary>
    internal static StoredBlock From(ExecutionResult result, ReadOnlySpan<byte> certificate, ChunkPool? pool)
    {
        ArgumentNullException.ThrowIfNull(result);
        var payload = new ChunkedWriter(PayloadCodec.EncodedLength(result.Block.Transactions), pool);
        PayloadCodec.Encode(result.Block.Transactions, payload);
        var receipts = new ChunkedWriter(Receipt.EncodedLength(result.Receipts.Count), pool);
        Receipt.EncodeAll(result.Receipts, receipts);
        var diff = new ChunkedWriter(StateChangesCodec.EncodedLength(result.Changes), pool);
        StateChangesCodec.Encode(result.Changes, diff);
        var evidence = new ChunkedWriter(certificate.Length, pool);
        evidence.WriteFixed(certificate);
        return new StoredBlock(result.Height, result.BlockId, result.Block.ParentBlockId, result.State.Header,
            payload.Complete(), evidence.Complete(), receipts.Complete(), diff.Complete());
    }
}
