using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>
/// Decodes one transaction from its canonical bytes. Anything malformed (unknown kind, truncated,
/// trailing bytes, oversize, non-canonical text) is a <see cref="FormatException"/> with the
/// reason, so the caller can refuse it with one catch.
/// </summary>
public static class TransactionCodec
{
    public static Transaction Decode(ReadOnlySpan<byte> bytes, int maxTransactionBytes)
    {
        if (bytes.Length > maxTransactionBytes)
        {
            throw new FormatException($"transaction of {bytes.Length} bytes exceeds the limit of {maxTransactionBytes}");
        }

        if (bytes.IsEmpty)
        {
            throw new FormatException("empty transaction");
        }

        var reader = new CanonicalReader(bytes);
        byte kind = reader.ReadU8();
        Transaction transaction;
        try
        {
            transaction = (TransactionKind)kind switch
            {
                TransactionKind.Transfer => Transfer.ReadBody(ref reader),
                TransactionKind.Enroll => Enroll.ReadBody(ref reader),
                TransactionKind.Revoke => Revoke.ReadBody(ref reader),
                TransactionKind.ValidatorSetChange => ValidatorSetChange.ReadBody(ref reader),
                _ => throw new FormatException($"unknown transaction kind {kind}"),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }

        reader.EnsureEnd();

        // Re-encoding must give the same bytes, or two encodings of one transaction would have two ids.
        if (!transaction.Encoded.SequenceEqual(bytes))
        {
            throw new FormatException("non-canonical transaction encoding");
        }

        return transaction;
    }
}
