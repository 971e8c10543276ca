namespace Ledger.Node.Services;

/// <summary>A committed transaction's inclusion proof and its block's commit certificate, read together.</summary>
public sealed record CommittedTransfer(TransactionProof Proof, byte[] Certificate);
