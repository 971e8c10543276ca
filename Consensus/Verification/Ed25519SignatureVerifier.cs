using Ledger.Crypto;

namespace Ledger.Consensus.Verification;

/// <summary>Real Ed25519 verification, every call.</summary>
public sealed class Ed25519SignatureVerifier : ISignatureVerifier
{
    public static Ed25519SignatureVerifier Instance { get; } = new();

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature) =>
        Ed25519.Verify(key, message, signature);
}
