using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// What the ledger knows of one certificate, keyed by its certificate id
/// (SHA-256 of organisation name and serial, see <see cref="CertificateIds"/>): the account it
/// enrolled (zero key if none yet) and whether a CRL revoked it. Revocations of certificates
/// never enrolled are kept too, so such a certificate cannot be enrolled afterwards.
/// </summary>
public readonly record struct CertificateRecord(PublicKey Account, bool Revoked)
{
    public const byte LeafTag = 0x03;

    /// <summary>tag 0x03 || account key (32) || revoked (u8).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[1 + PublicKey.Size + 1];
        bytes[0] = LeafTag;
        Account.CopyTo(bytes.AsSpan(1));
        bytes[^1] = Revoked ? (byte)1 : (byte)0;
        return bytes;
    }

    public static CertificateRecord FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        if (reader.ReadU8() != LeafTag)
        {
            throw new FormatException("not a certificate leaf");
        }

        PublicKey account = reader.ReadKey();
        bool revoked = reader.ReadBool();
        reader.EnsureEnd();
        return new CertificateRecord(account, revoked);
    }

    /// <summary>The leaf value writer of the certificates tree.</summary>
    public static int WriteLeaf(in CertificateRecord record, Span<byte> destination)
    {
        byte[] bytes = record.ToBytes();
        bytes.CopyTo(destination);
        return bytes.Length;
    }
}
