using LiteDB;
using Ledger.Crypto;
using Ledger.Execution;

namespace Ledger.Storage;

/// <summary>
/// The BSON documents of storage layout 3 (docs/PROTOCOL.md, "State diff and storage"): the head
/// document and one document per block whose byte strings are arrays of binary chunks, and the
/// transaction ids read back from a stored receipt list. Anything malformed read from the store is
/// a <see cref="StoreCorruptedException"/> naming the block and field.
/// </summary>
internal static class BlockDocuments
{
    public const string HeadId = "head";

    public static bool SameIds(Hash32[] fromReceipts, IReadOnlyList<Hash32> given)
    {
        if (fromReceipts.Length != given.Count)
        {
            return false;
        }

        for (int i = 0; i < fromReceipts.Length; i++)
        {
            if (fromReceipts[i] != given[i])
            {
                return false;
            }
        }

        return true;
    }

    // The transaction ids of an encoded receipt list (u32 count || count x (id || u8 status)), in order.
    public static Hash32[]? ReadReceiptIds(ChunkedBytes receipts, out string? problem)
    {
        Span<byte> count = stackalloc byte[4];
        if (receipts.Length < count.Length)
        {
            problem = $"receipts of {receipts.Length} bytes have no count";
            return null;
        }

        receipts.CopyTo(0, count);
        uint n = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(count);
        if (receipts.Length != 4 + ((long)n * Receipt.EncodedSize))
        {
            problem = $"receipts of {receipts.Length} bytes do not hold the {n} receipts they count";
            return null;
        }

        var ids = new Hash32[n];
        Span<byte> id = stackalloc byte[Hash32.Size];
        for (int i = 0; i < ids.Length; i++)
        {
            receipts.CopyTo(4 + (i * Receipt.EncodedSize), id);
            ids[i] = new Hash32(id);
        }

        problem = null;
        return ids;
    }

    public static BsonDocument HeadDocument(Hash32 genesis, ulong height) => new()
    {
        ["_id"] = HeadId,
        ["height"] = (long)height,
        ["genesis"] = genesis.ToArray(),
        ["layout"] = LedgerStore.Layout,
    };

    public static BsonDocument ToDocument(StoredBlock block) => new()
    {
        ["_id"] = (long)block.Height,
        ["id"] = block.BlockId.ToArray(),
        ["parent"] = block.ParentBlockId.ToArray(),
        ["ts"] = block.TimestampMs,
        ["txRoot"] = block.TxRoot.ToArray(),
        ["stateRoot"] = block.StateRoot.ToArray(),
        ["payload"] = ToBson(block.PayloadChunks),
        ["certificate"] = ToBson(block.CertificateChunks),
        ["receipts"] = ToBson(block.ReceiptsChunks),
        ["diff"] = ToBson(block.StateDiffChunks),
    };

    public static BsonArray ToBson(ChunkedBytes bytes)
    {
        var array = new BsonArray();
        foreach (byte[] chunk in bytes.Chunks)
        {
            array.Add(new BsonValue(chunk));
        }

        return array;
    }

    public static StoredBlock FromDocument(BsonDocument d)
    {
        ulong height = (ulong)d["_id"].AsInt64;
        return new StoredBlock(height, ReadHash(d, "id", height), ReadHash(d, "parent", height), d["ts"].AsInt64, ReadHash(d, "txRoot", height), ReadHash(d, "stateRoot", height),
            ReadChunks(d, "payload", height), ReadChunks(d, "certificate", height), ReadChunks(d, "receipts", height), ReadChunks(d, "diff", height));
    }

    public static Hash32 ReadHash(BsonDocument d, string field, ulong height) =>
        d[field] is { IsBinary: true } value && value.AsBinary.Length == Hash32.Size
            ? new Hash32(value.AsBinary)
            : throw new StoreCorruptedException($"block {height}: field '{field}' is not a {Hash32.Size}-byte hash");

    // A byte string stored as an array of binary chunks (layout 3).
    public static ChunkedBytes ReadChunks(BsonDocument d, string field, ulong height)
    {
        if (!d.TryGetValue(field, out BsonValue value) || !value.IsArray)
        {
            throw new StoreCorruptedException($"block {height}: field '{field}' is missing or not an array of binary chunks");
        }

        BsonArray array = value.AsArray;
        var chunks = new byte[array.Count][];
        for (int i = 0; i < chunks.Length; i++)
        {
            chunks[i] = array[i].IsBinary ? array[i].AsBinary : throw new StoreCorruptedException($"block {height}: chunk {i} of field '{field}' is a {array[i].Type}, not binary");
        }

        try
        {
            return ChunkedBytes.FromChunks(chunks);
        }
        catch (ArgumentException e)
        {
            throw new StoreCorruptedException($"block {height}: field '{field}': {e.Message}", e);
        }
    }
}
