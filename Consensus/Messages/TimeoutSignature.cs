using Ledger.Crypto;

namespace Ledger.Consensus.Messages;

/// <summary>One signer's timeout inside a TC: its high QC round and its signature over it.</summary>
public readonly record struct TimeoutSignature(int Signer, ulong HighQcRound, Signature Signature);
