using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// An enrolled account: the Ed25519 key its certificate binds, its balance, whether the
/// certificate was revoked, and the id of that certificate (<see cref="CertificateId"/>).
/// </summary>
public readonly record struct Account(PublicKey Key, ulong Balance, AccountStatus Status, Hash32 CertificateId)
{
    public const byte LeafTag = 0x01;

    public const int EncodedSize = 1 + PublicKey.Size + 8 + 1 + Hash32.Size;

    public bool IsActive => Status == AccountStatus.Active;

    /// <summary>tag 0x01 || key (32) || balance (u64) || status (u8) || certificate id (32).</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = LeafTag;
        Key.CopyTo(destination[1..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[33..], Balance);
        destination[41] = (byte)Status;
        CertificateId.CopyTo(destination[42..]);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[EncodedSize];
        WriteTo(bytes);
        return bytes;
    }

    public static Account FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != LeafTag)
        {
            throw new FormatException("not an account leaf");
        }

        PublicKey key = reader.ReadKey();
        ulong balance = reader.ReadU64();
        byte status = reader.ReadU8();
        if (status is not ((byte)AccountStatus.Active or (byte)AccountStatus.Revoked))
        {
            throw new FormatException($"invalid account status {status}");
        }

        Hash32 certificateId = reader.ReadHash();
        reader.EnsureEnd();
        return new Account(key, balance, (AccountStatus)status, certificateId);
    }

    /// <summary>The leaf value writer of the accounts tree.</summary>
    public static int WriteLeaf(in Account account, Span<byte> destination)
    {
        account.WriteTo(destination);
        return EncodedSize;
    }

    /// <summary>The account's key in the state tree: SHA-256 of its public key.</summary>
    public static Hash32 TreeKey(PublicKey key)
    {
        Span<byte> bytes = stackalloc byte[PublicKey.Size];
        key.CopyTo(bytes);
        return Hash32.Sha256(bytes);
    }
}
