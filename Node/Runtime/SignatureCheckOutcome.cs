namespace Ledger.Node.Runtime;

/// <summary>How the node's consensus signature verifier answered one check.</summary>
public enum SignatureCheckOutcome
{
    /// <summary>Answered from the memo of recently verified signatures, without running Ed25519.</summary>
    Remembered,

    /// <summary>Ed25519 ran and the signature is valid (now remembered).</summary>
    Verified,

    /// <summary>Ed25519 ran and the signature is invalid (never remembered).</summary>
    Invalid,
}
