using Ledger.Crypto;

namespace Ledger.Consensus.Verification;

/// <summary>
/// Ed25519 verification behind an interface so the simulator can share one memo across replicas
/// (the same signed message is checked by every replica; the answer is deterministic).
/// Implementations must be thread-safe.
/// </summary>
public interface ISignatureVerifier
{
    bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature);
}
