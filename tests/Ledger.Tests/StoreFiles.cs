using System.Buffers.Binary;
using System.IO.Hashing;
using LiteDB;
using Microsoft.Win32.SafeHandles;
using Ledger.Storage;

namespace Ledger.Tests;

/// <summary>
/// Reaches behind a closed store's back, the way a failing disk, an operator or an attacker
/// would: its index documents and head in ledger.db, and its records in the block segments (all in the first, blocks/00000000000000000000.seg, for the short chains tests write).
/// </summary>
internal static class StoreFiles
{
    public static string BlockFilePath(string directory) => Path.Combine(directory, BlockFile.SegmentName(0));

    /// <summary>Where block <paramref name="height"/>'s record is, by its index document.</summary>
    public static (long Offset, long Length) Record(string directory, long height)
    {
        using var db = new LiteDatabase(Path.Combine(directory, LedgerStore.FileName));
        BsonDocument block = db.GetCollection("blocks").FindById(height);
        return (block["offset"].AsInt64, block["length"].AsInt64);
    }

    public static void SetIndexField(string directory, long height, string field, BsonValue value)
    {
        using var db = new LiteDatabase(Path.Combine(directory, LedgerStore.FileName));
        BsonDocument block = db.GetCollection("blocks").FindById(height);
        block[field] = value;
        db.GetCollection("blocks").Update(block);
    }

    public static void SetHeadField(string directory, string field, BsonValue value)
    {
        using var db = new LiteDatabase(Path.Combine(directory, LedgerStore.FileName));
        BsonDocument head = db.GetCollection("meta").FindById("head");
        head[field] = value;
        db.GetCollection("meta").Update(head);
    }

    /// <summary>Flips one bit of the byte at <paramref name="position"/> of the first block segment (the store may be open).</summary>
    public static void FlipByte(string directory, long position)
    {
        using SafeFileHandle file = OpenBlockFile(directory);
        Span<byte> one = stackalloc byte[1];
        RandomAccess.Read(file, one, position);
        one[0] ^= 0x10;
        RandomAccess.Write(file, one, position);
    }

    /// <summary>
    /// Rewrites block <paramref name="height"/>'s record with <paramref name="change"/> applied to it
    /// (header and bytes, without the checksum) and the checksum recomputed in the record and in the
    /// index document, as a forger who knows the format would: only the content checks can tell.
    /// </summary>
    public static void ForgeRecord(string directory, long height, Action<byte[]> change)
    {
        (long offset, long length) = Record(directory, height);
        byte[] record = new byte[length];
        ulong checksum;
        using (SafeFileHandle file = OpenBlockFile(directory))
        {
            RandomAccess.Read(file, record, offset);
            byte[] body = record[..^8];
            change(body);
            checksum = XxHash3.HashToUInt64(body);
            body.CopyTo(record, 0);
            BinaryPrimitives.WriteUInt64BigEndian(record.AsSpan(record.Length - 8), checksum);
            RandomAccess.Write(file, record, offset);
        }

        SetIndexField(directory, height, "checksum", unchecked((long)checksum));
    }

    /// <summary>The payload length a record header declares.</summary>
    public static int PayloadLength(byte[] recordBody) => (int)BinaryPrimitives.ReadUInt32BigEndian(recordBody.AsSpan(16));

    private static SafeFileHandle OpenBlockFile(string directory) =>
        File.OpenHandle(BlockFilePath(directory), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
}
