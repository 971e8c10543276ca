using Ledger.Crypto;

namespace Ledger.Execution;

/// <summary>A transfer's keys in the state trees: the sender's and the recipient's account keys and its seen-set key.</summary>
internal readonly record struct TransferKeys(Hash32 From, Hash32 To, Hash32 Seen);
