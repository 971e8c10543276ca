using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>
/// Enrols a member: its X.509 certificate (DER) issued by an organisation CA from genesis, the
/// Ed25519 key the certificate binds, and a signature by that key (proof of possession, so no
/// one can enrol a member who does not hold the key). Execution checks that the certificate is
/// valid at the block's timestamp, not revoked, and binds exactly <see cref="MemberKey"/>.
/// </summary>
public sealed class Enroll : Transaction
{
    public const int MaxCertificateBytes = 8 * 1024;

    private readonly byte[] _certificateDer;

    public Enroll(string chainId, PublicKey memberKey, ReadOnlySpan<byte> certificateDer, Signature signature)
        : base(chainId, Encode(chainId, memberKey, certificateDer, signature))
    {
        MemberKey = memberKey;
        _certificateDer = certificateDer.ToArray();
        Signature = signature;
    }

    public override TransactionKind Kind => TransactionKind.Enroll;

    public PublicKey MemberKey { get; }

    public ReadOnlySpan<byte> CertificateDer => _certificateDer;

    public Signature Signature { get; }

    public static Enroll Create(string chainId, SigningKey member, ReadOnlySpan<byte> certificateDer)
    {
        ArgumentNullException.ThrowIfNull(member);
        byte[] signingBytes = SigningBytesOf(chainId, member.PublicKey, certificateDer);
        return new Enroll(chainId, member.PublicKey, certificateDer, member.Sign(signingBytes));
    }

    public byte[] SigningBytes() => SigningBytesOf(ChainId, MemberKey, _certificateDer);

    public override bool VerifySignature() => Ed25519.Verify(MemberKey, SigningBytes(), Signature);

    public static byte[] SigningBytesOf(string chainId, PublicKey memberKey, ReadOnlySpan<byte> certificateDer)
    {
        CheckChainId(chainId);
        return CanonicalWriter.ForSigning(DomainTags.Enroll, chainId).WriteKey(memberKey).WriteBytes(certificateDer).ToArray();
    }

    private static byte[] Encode(string chainId, PublicKey memberKey, ReadOnlySpan<byte> certificateDer, Signature signature)
    {
        CheckChainId(chainId);
        ArgumentNullException.ThrowIfNull(signature);
        if (certificateDer.IsEmpty || certificateDer.Length > MaxCertificateBytes)
        {
            throw new ArgumentException($"a certificate is 1 to {MaxCertificateBytes} bytes", nameof(certificateDer));
        }

        return new CanonicalWriter(certificateDer.Length + 256)
            .WriteU8((byte)TransactionKind.Enroll)
            .WriteString(chainId)
            .WriteKey(memberKey)
            .WriteBytes(certificateDer)
            .WriteFixed(signature.Span)
            .ToArray();
    }

    internal static Enroll ReadBody(ref CanonicalReader reader)
    {
        string chainId = reader.ReadString(MaxChainIdBytes);
        PublicKey key = reader.ReadKey();
        byte[] certificate = reader.ReadBytes(MaxCertificateBytes);
        var signature = new Signature(reader.ReadFixed(Signature.Size));
        if (chainId.Length == 0 || certificate.Length == 0)
        {
            throw new FormatException("an enrolment needs a chain id and a certificate");
        }

        return new Enroll(chainId, key, certificate, signature);
    }
}
