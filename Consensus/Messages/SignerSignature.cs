using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>One validator's signature inside a certificate, the validator named by its index.</summary>
public readonly record struct SignerSignature(int Signer, Signature Signature);
