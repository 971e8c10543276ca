using System.Buffers;
using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Transactions;

/// <summary>
/// A block's payload: a u32 count, then each transaction as a u32-length-prefixed canonical
/// encoding. Consensus carries these bytes without looking inside; the ledger decodes them
/// with the genesis limits and refuses anything malformed with a <see cref="FormatException"/>.
/// </summary>
public static class PayloadCodec
{
    /// <summary>Bytes of the payload's transaction count (u32).</summary>
    public const int CountBytes = 4;

    /// <summary>Bytes each transaction adds besides its own encoding: its u32 length prefix.</summary>
    public const int LengthPrefixBytes = 4;

    /// <summary>
    /// The encoded size of a payload holding <paramref name="count"/> transactions whose own
    /// encodings total <paramref name="transactionBytes"/> bytes: what a proposer must budget.
    /// </summary>
    public static long EncodedSize(int count, long transactionBytes) =>
        CountBytes + ((long)count * LengthPrefixBytes) + transactionBytes;

    public static byte[] Encode(IReadOnlyList<Transaction> transactions) =>
        CanonicalBufferWriting.ToArray(EncodedLength(transactions), output => Encode(transactions, output));

    /// <summary>The size of <see cref="Encode(IReadOnlyList{Transaction})"/>'s result, without encoding.</summary>
    internal static int EncodedLength(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        long bytes = 0;
        foreach (Transaction transaction in transactions)
        {
            bytes += transaction.EncodedLength;
        }

        long size = EncodedSize(transactions.Count, bytes);

        return size <= Array.MaxLength ? (int)size : throw new ArgumentException($"a payload of {size} bytes does not fit one array", nameof(transactions));
    }

    /// <summary>Writes the payload (exactly <see cref="EncodedLength"/> bytes) from each transaction's cached canonical bytes.</summary>
    internal static void Encode(IReadOnlyList<Transaction> transactions, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteU32((uint)transactions.Count);
        foreach (Transaction transaction in transactions)
        {
            output.WriteU32((uint)transaction.EncodedLength);
            output.WriteFixed(transaction.Encoded);
        }
    }

    /// <summary>The largest payload the limits allow; a transport may refuse bigger frames early.</summary>
    public static long MaxPayloadBytes(PayloadLimits limits) =>
        EncodedSize(limits.MaxTransactions, (long)limits.MaxTransactions * limits.MaxTransactionBytes);

    /// <summary>
    /// The transactions of a block's payload. A zero-length payload holds none: it is what the
    /// consensus core proposes after an epoch-ending block (a suffix block, which exists only to
    /// commit that block and must carry no payload at all; docs/PROTOCOL.md, "Block payload").
    /// </summary>
    public static IReadOnlyList<Transaction> Decode(ReadOnlySpan<byte> payload, PayloadLimits limits)
    {
        if (payload.IsEmpty)
        {
            return [];
        }

        if (payload.Length > MaxPayloadBytes(limits))
        {
            throw new FormatException($"payload of {payload.Length} bytes exceeds the limit of {MaxPayloadBytes(limits)}");
        }

        var reader = new CanonicalReader(payload);
        uint count = reader.ReadU32();
        if (count > (uint)limits.MaxTransactions)
        {
            throw new FormatException($"payload holds {count} transactions, the limit is {limits.MaxTransactions}");
        }

        var transactions = new Transaction[count];
        for (int i = 0; i < transactions.Length; i++)
        {
            uint length = reader.ReadU32();
            if (length > (uint)limits.MaxTransactionBytes)
            {
                throw new FormatException($"transaction {i} of {length} bytes exceeds the limit of {limits.MaxTransactionBytes}");
            }

            try
            {
                transactions[i] = TransactionCodec.Decode(reader.ReadFixed((int)length), limits.MaxTransactionBytes);
            }
            catch (FormatException e)
            {
                throw new FormatException($"transaction {i}: {e.Message}", e);
            }
        }

        reader.EnsureEnd();
        return transactions;
    }

    /// <summary>
    /// The transaction at <paramref name="index"/> alone, stepping over the others by their length
    /// prefixes (not decoded or hashed): a proof for one transaction need not decode a block of ten
    /// thousand. The payload must be one <see cref="Decode"/> accepts (a committed block's); this
    /// checks only what it reads.
    /// </summary>
    public static Transaction DecodeAt(ReadOnlySpan<byte> payload, int index, PayloadLimits limits)
    {
        var reader = new CanonicalReader(payload);
        uint count = reader.ReadU32();
        if (index < 0 || (uint)index >= count)
        {
            throw new FormatException($"payload holds {count} transactions, there is no transaction {index}");
        }

        for (int i = 0; i < index; i++)
        {
            reader.ReadFixed(ReadLength(ref reader, i, limits));
        }

        return TransactionCodec.Decode(reader.ReadFixed(ReadLength(ref reader, index, limits)), limits.MaxTransactionBytes);
    }

    private static int ReadLength(ref CanonicalReader reader, int index, PayloadLimits limits)
    {
        uint length = reader.ReadU32();
        return length <= (uint)limits.MaxTransactionBytes
            ? (int)length
            : throw new FormatException($"transaction {index} of {length} bytes exceeds the limit of {limits.MaxTransactionBytes}");
    }
}
