namespace Ledger.Crypto;

/// <summary>One signature to check: the signer's key, the exact signed bytes and the signature.</summary>
public readonly record struct VerificationItem(PublicKey Key, ReadOnlyMemory<byte> Message, Signature Signature);
