using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>
/// One validator's vote inside a QC, the validator named by its index: the clock it reported with
/// its vote (<see cref="Vote.TimeMs"/>) and its signature over the vote data and that clock.
/// </summary>
public readonly record struct SignerSignature(int Signer, long TimeMs, Signature Signature);
