using Ledger.Crypto;

namespace Ledger.Execution;

/// <summary>One account's balance before and after a block.</summary>
public readonly record struct TouchedBalance(PublicKey Account, ulong Before, ulong After);
