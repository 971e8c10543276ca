using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>A state root when the payload is valid, otherwise the reason it is not.</summary>
public sealed record BlockExecutionResult(Hash32? StateRoot, string? InvalidReason, int Transactions);
