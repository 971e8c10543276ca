using Ledger.Crypto;

namespace Ledger.Consensus.Verification;

/// <summary>
/// Ed25519 verification behind an interface so a driver can remember answers: the node keeps a
/// bounded memo of recent valid signatures, the simulator shares one memo across its replicas (the
/// same signed message is checked by every replica; the answer is deterministic).
/// Implementations must be thread-safe.
/// </summary>
public interface ISignatureVerifier
{
    bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature);
}
