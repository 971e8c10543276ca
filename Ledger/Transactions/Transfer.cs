using Ledger.Crypto;

namespace Ledger.Transactions;

/// <summary>
/// Moves <see cref="Amount"/> from <see cref="From"/> to <see cref="To"/>, signed by the sender.
/// The signature covers <see cref="SigningBytes"/>: the Transfer domain tag and the chain id, then
/// every field but the signature, so it cannot be replayed on another chain or as another message.
/// </summary>
public sealed class Transfer : Transaction
{
    public Transfer(string chainId, PublicKey from, PublicKey to, ulong amount, TransferNonce nonce, long timestampMs, Signature signature)
        : base(chainId, Encode(chainId, from, to, amount, nonce, timestampMs, signature))
    {
        From = from;
        To = to;
        Amount = amount;
        Nonce = nonce;
        TimestampMs = timestampMs;
        Signature = signature;
    }

    public override TransactionKind Kind => TransactionKind.Transfer;

    public PublicKey From { get; }

    public PublicKey To { get; }

    public ulong Amount { get; }

    public TransferNonce Nonce { get; }

    /// <summary>Unix milliseconds chosen by the sender; judged against the block's timestamp.</summary>
    public long TimestampMs { get; }

    public Signature Signature { get; }

    /// <summary>Builds and signs a transfer with the sender's key.</summary>
    public static Transfer Create(string chainId, SigningKey sender, PublicKey to, ulong amount, TransferNonce nonce, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(sender);
        byte[] signingBytes = SigningBytesOf(chainId, sender.PublicKey, to, amount, nonce, timestampMs);
        return new Transfer(chainId, sender.PublicKey, to, amount, nonce, timestampMs, sender.Sign(signingBytes));
    }

    public byte[] SigningBytes() => SigningBytesOf(ChainId, From, To, Amount, Nonce, TimestampMs);

    public override bool VerifySignature() => Ed25519.Verify(From, SigningBytes(), Signature);

    public static byte[] SigningBytesOf(string chainId, PublicKey from, PublicKey to, ulong amount, TransferNonce nonce, long timestampMs)
    {
        CheckChainId(chainId);
        CanonicalWriter writer = CanonicalWriter.ForSigning(DomainTags.Transfer, chainId);
        WriteFields(writer, from, to, amount, nonce, timestampMs);
        return writer.ToArray();
    }

    private static byte[] Encode(string chainId, PublicKey from, PublicKey to, ulong amount, TransferNonce nonce, long timestampMs, Signature signature)
    {
        CheckChainId(chainId);
        ArgumentNullException.ThrowIfNull(signature);
        var writer = new CanonicalWriter(200);
        writer.WriteU8((byte)TransactionKind.Transfer).WriteString(chainId);
        WriteFields(writer, from, to, amount, nonce, timestampMs);
        writer.WriteFixed(signature.Span);
        return writer.ToArray();
    }

    private static void WriteFields(CanonicalWriter writer, PublicKey from, PublicKey to, ulong amount, TransferNonce nonce, long timestampMs)
    {
        Span<byte> nonceBytes = stackalloc byte[TransferNonce.Size];
        nonce.CopyTo(nonceBytes);
        writer.WriteKey(from).WriteKey(to).WriteU64(amount).WriteFixed(nonceBytes).WriteI64(timestampMs);
    }

    /// <summary>Reads the body after the kind byte.</summary>
    internal static Transfer ReadBody(ref CanonicalReader reader)
    {
        string chainId = reader.ReadString(MaxChainIdBytes);
        if (chainId.Length == 0)
        {
            throw new FormatException("empty chain id");
        }

        PublicKey from = reader.ReadKey();
        PublicKey to = reader.ReadKey();
        ulong amount = reader.ReadU64();
        TransferNonce nonce = TransferNonce.FromBytes(reader.ReadFixed(TransferNonce.Size));
        long timestamp = reader.ReadI64();
        var signature = new Signature(reader.ReadFixed(Signature.Size));
        return new Transfer(chainId, from, to, amount, nonce, timestamp, signature);
    }
}
