using Ledger.Transactions;

namespace Ledger;

/// <summary>
/// A committed transaction as a node answers for it: the transaction, the proof of its inclusion
/// and outcome (<see cref="TransactionProof"/>), and its block's certificate (opaque to the ledger:
/// the consensus commit evidence that certifies the state root the proof reaches).
/// </summary>
public sealed record CommittedTransaction(Transaction Transaction, TransactionProof Proof, byte[] Certificate);
