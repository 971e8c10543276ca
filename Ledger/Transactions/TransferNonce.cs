using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ledger.Transactions;

/// <summary>The 16 random bytes that make each transfer unique for the replay guard.</summary>
public readonly record struct TransferNonce(ulong High, ulong Low)
{
    public const int Size = 16;

    public static TransferNonce FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a nonce is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        return new TransferNonce(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>A fresh nonce from the operating system's CSPRNG (wallets only; never in execution).</summary>
    public static TransferNonce Random()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return FromBytes(bytes);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public override string ToString() => ToHex();
}
