using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>
/// A block's payload: a u32 count, then each transaction as a u32-length-prefixed canonical
/// encoding. Consensus carries these bytes without looking inside; the ledger decodes them
/// with the genesis limits and refuses anything malformed with a <see cref="FormatException"/>.
/// </summary>
public static class PayloadCodec
{
    public static byte[] Encode(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        int size = 4;
        foreach (Transaction transaction in transactions)
        {
            size += 4 + transaction.EncodedLength;
        }

        var writer = new CanonicalWriter(size);
        writer.WriteU32((uint)transactions.Count);
        foreach (Transaction transaction in transactions)
        {
            writer.WriteBytes(transaction.Encoded);
        }

        return writer.ToArray();
    }

    /// <summary>The largest payload the limits allow; a transport may refuse bigger frames early.</summary>
    public static long MaxPayloadBytes(PayloadLimits limits) =>
        4L + (long)limits.MaxTransactions * (4L + limits.MaxTransactionBytes);

    public static IReadOnlyList<Transaction> Decode(ReadOnlySpan<byte> payload, PayloadLimits limits)
    {
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
}
