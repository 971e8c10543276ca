using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;

namespace Ledger;

/// <summary>
/// Proof that a transaction was committed with a given outcome, against a state root alone: its
/// receipt (transaction id and status), its index in the block, the RFC 6962 audit paths of that
/// index in the block's transaction root and receipts root, and the <see cref="StateHeader"/>
/// that holds both roots and the transaction count. A wallet checks it with
/// <see cref="Verify"/> against a state root a QC certifies; the block itself (up to the 4 MB
/// payload cap) is not needed. Byte layout: docs/PROTOCOL.md, "Transaction proofs".
/// </summary>
public sealed record TransactionProof(
    Receipt Receipt,
    uint Index,
    IReadOnlyList<Hash32> TxAuditPath,
    IReadOnlyList<Hash32> ReceiptAuditPath,
    StateHeader Header)
{
    /// <summary>Audit paths of a tree of at most 2^32 leaves have at most 32 entries.</summary>
    public const int MaxAuditPath = 32;

    public Hash32 TransactionId => Receipt.TransactionId;

    public ulong Height => Header.Height;

    /// <summary>
    /// True when the header hashes to <paramref name="stateRoot"/> and the receipt is leaf
    /// <see cref="Index"/> of both the header's receipts root and (by its transaction id) its
    /// transaction root, in trees of the header's transaction count.
    /// </summary>
    public bool Verify(Hash32 stateRoot) =>
        Header.Root == stateRoot
        && Index < Header.TransactionCount
        && TransactionRoots.VerifyInclusion(Receipt.TransactionId, Index, Header.TransactionCount, TxAuditPath, Header.TxRoot)
        && ReceiptRoots.VerifyInclusion(Receipt, Index, Header.TransactionCount, ReceiptAuditPath, Header.ReceiptsRoot);

    public byte[] ToBytes()
    {
        var writer = new CanonicalWriter(Receipt.EncodedSize + 6 + ((TxAuditPath.Count + ReceiptAuditPath.Count) * Hash32.Size) + StateHeader.EncodedSize);
        writer.WriteHash(Receipt.TransactionId).WriteU8((byte)Receipt.Status).WriteU32(Index);
        WritePath(writer, TxAuditPath);
        WritePath(writer, ReceiptAuditPath);
        Header.WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Parses; an unknown status, an over-long path or trailing bytes is a <see cref="FormatException"/>.</summary>
    public static TransactionProof FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        Hash32 id = reader.ReadHash();
        byte status = reader.ReadU8();
        if (!Enum.IsDefined((ReceiptStatus)status))
        {
            throw new FormatException($"unknown receipt status {status}");
        }

        uint index = reader.ReadU32();
        IReadOnlyList<Hash32> txPath = ReadPath(ref reader, "transaction");
        IReadOnlyList<Hash32> receiptPath = ReadPath(ref reader, "receipt");
        var proof = new TransactionProof(new Receipt(id, (ReceiptStatus)status), index, txPath, receiptPath, StateHeader.ReadFrom(ref reader));
        reader.EnsureEnd();
        return proof;
    }

    private static void WritePath(CanonicalWriter writer, IReadOnlyList<Hash32> path)
    {
        if (path.Count > MaxAuditPath)
        {
            throw new InvalidOperationException($"an audit path of {path.Count} hashes is longer than {MaxAuditPath}");
        }

        writer.WriteU8((byte)path.Count);
        foreach (Hash32 hash in path)
        {
            writer.WriteHash(hash);
        }
    }

    private static Hash32[] ReadPath(ref CanonicalReader reader, string which)
    {
        byte count = reader.ReadU8();
        if (count > MaxAuditPath)
        {
            throw new FormatException($"{which} audit path of {count} hashes is longer than {MaxAuditPath}");
        }

        var path = new Hash32[count];
        for (int i = 0; i < path.Length; i++)
        {
            path[i] = reader.ReadHash();
        }

        return path;
    }
}
