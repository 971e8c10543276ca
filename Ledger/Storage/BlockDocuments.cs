using LiteDB;
using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;

namespace Ledger.Storage;

/// <summary>
/// The BSON documents of storage layout 7 (docs/PROTOCOL.md, "State diff and storage"): the head
/// document and one small index document per block (its ids, the header of the state it produced,
/// and where its record is in the block file), and the receipts read back from a stored receipt list. Anything malformed read from the store is
/// a <see cref="StoreCorruptedException"/> naming the block and field.
/// </summary>
internal static class BlockDocuments
{
    public const string HeadId = "head";

    public static bool SameIds(Receipt[] receipts, IReadOnlyList<Hash32> given)
    {
        if (receipts.Length != given.Count)
        {
            return false;
        }

        for (int i = 0; i < receipts.Length; i++)
        {
            if (receipts[i].TransactionId != given[i])
            {
                return false;
            }
        }

        return true;
    }

    // The receipts of an encoded receipt list (u32 count || count x (id || u8 status)), in order.
    public static Receipt[]? ReadReceipts(ChunkedBytes receipts, out string? problem)
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

        var read = new Receipt[n];
        Span<byte> one = stackalloc byte[Receipt.EncodedSize];
        for (int i = 0; i < read.Length; i++)
        {
            receipts.CopyTo(4 + (i * Receipt.EncodedSize), one);
            var status = (ReceiptStatus)one[^1];
            if (!Enum.IsDefined(status))
            {
                problem = $"receipt {i} has the unknown status {one[^1]}";
                return null;
            }

            read[i] = new Receipt(new Hash32(one[..Hash32.Size]), status);
        }

        problem = null;
        return read;
    }

    /// <summary>
    /// The head document. A store installed from a snapshot also records its base (the block it
    /// starts above): "first" (its first stored height), "baseId", "baseHeader" and
    /// "baseCertificate". A document without "first" is a full store (first height 1), so stores
    /// written before these fields existed read unchanged.
    /// </summary>
    public static BsonDocument HeadDocument(Hash32 genesis, ulong height, StoreBase? storeBase)
    {
        var document = new BsonDocument
        {
            ["_id"] = HeadId,
            ["height"] = (long)height,
            ["genesis"] = genesis.ToArray(),
            ["layout"] = LedgerStore.Layout,
        };
        if (storeBase is not null)
        {
            document["first"] = (long)(storeBase.Height + 1);
            document["baseId"] = storeBase.BlockId.ToArray();
            document["baseHeader"] = storeBase.Header.ToBytes();
            document["baseCertificate"] = storeBase.Certificate;
        }

        return document;
    }

    /// <summary>The base recorded in a head document, or null for a full store.</summary>
    public static StoreBase? ReadBase(BsonDocument head)
    {
        if (!head.TryGetValue("first", out BsonValue first) || first.IsNull)
        {
            return null;
        }

        if (!first.IsInt64 || first.AsInt64 < 2)
        {
            throw new StoreCorruptedException($"the head document's first stored height is {first}, not a height above 1");
        }

        ulong height = (ulong)first.AsInt64 - 1;
        if (head["baseHeader"] is not { IsBinary: true } header || header.AsBinary.Length != StateHeader.EncodedSize
            || head["baseCertificate"] is not { IsBinary: true } certificate)
        {
            throw new StoreCorruptedException($"the head document records a snapshot base at height {height} without its state header or certificate");
        }

        return new StoreBase(height, ReadHash(head, "baseId", height), StateHeader.FromBytes(header.AsBinary), certificate.AsBinary);
    }

    /// <summary>The index document of a block whose record of <paramref name="length"/> bytes is at <paramref name="offset"/> of the block file.</summary>
    public static BsonDocument IndexDocument(StoredBlock block, long offset, long length, ulong checksum) => new()
    {
        ["_id"] = (long)block.Height,
        ["id"] = block.BlockId.ToArray(),
        ["parent"] = block.ParentBlockId.ToArray(),
        ["header"] = block.Header.ToBytes(),
        ["offset"] = offset,
        ["length"] = length,
        ["checksum"] = unchecked((long)checksum),
    };

    public static BlockIndexEntry ReadIndex(BsonDocument d)
    {
        ulong height = (ulong)d["_id"].AsInt64;
        return new BlockIndexEntry(height, ReadHash(d, "id", height), ReadHash(d, "parent", height), ReadHeader(d, height),
            ReadInt64(d, "offset", height), ReadInt64(d, "length", height), unchecked((ulong)ReadInt64(d, "checksum", height)));
    }

    public static Hash32 ReadHash(BsonDocument d, string field, ulong height) =>
        d[field] is { IsBinary: true } value && value.AsBinary.Length == Hash32.Size
            ? new Hash32(value.AsBinary)
            : throw new StoreCorruptedException($"block {height}: field '{field}' is not a {Hash32.Size}-byte hash");

    private static StateHeader ReadHeader(BsonDocument d, ulong height)
    {
        if (d["header"] is not { IsBinary: true } value || value.AsBinary.Length != StateHeader.EncodedSize)
        {
            throw new StoreCorruptedException($"block {height}: field 'header' is not a {StateHeader.EncodedSize}-byte state header");
        }

        return StateHeader.FromBytes(value.AsBinary);
    }

    private static long ReadInt64(BsonDocument d, string field, ulong height) =>
        d[field] is { IsInt64: true } value
            ? value.AsInt64
            : throw new StoreCorruptedException($"block {height}: field '{field}' is missing or not a 64-bit integer");
}
