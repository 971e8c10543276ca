using System.Buffers;
using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Execution;

/// <summary>What executing one transaction did: its id and its status. Encoded as id (32) || status (u8).</summary>
public readonly record struct Receipt(Hash32 TransactionId, ReceiptStatus Status)
{
    public const int EncodedSize = Hash32.Size + 1;

    public bool Succeeded => Status == ReceiptStatus.Success;

    public static byte[] EncodeAll(IReadOnlyList<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        return CanonicalBufferWriting.ToArray(EncodedLength(receipts.Count), output => EncodeAll(receipts, output));
    }

    /// <summary>The size of the encoding of <paramref name="count"/> receipts.</summary>
    internal static int EncodedLength(int count) => checked(4 + (count * EncodedSize));

    /// <summary>Writes the receipt list (exactly <see cref="EncodedLength"/> bytes).</summary>
    internal static void EncodeAll(IReadOnlyList<Receipt> receipts, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteU32((uint)receipts.Count);
        foreach (Receipt receipt in receipts)
        {
            output.WriteHash(receipt.TransactionId);
            output.WriteU8((byte)receipt.Status);
        }
    }

    public static IReadOnlyList<Receipt> DecodeAll(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        uint count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / EncodedSize))
        {
            throw new FormatException($"receipt list claims {count} receipts in {reader.Remaining} bytes");
        }

        var receipts = new Receipt[count];
        for (int i = 0; i < receipts.Length; i++)
        {
            Hash32 id = reader.ReadHash();
            byte status = reader.ReadU8();
            if (!Enum.IsDefined((ReceiptStatus)status))
            {
                throw new FormatException($"unknown receipt status {status}");
            }

            receipts[i] = new Receipt(id, (ReceiptStatus)status);
        }

        reader.EnsureEnd();
        return receipts;
    }
}
