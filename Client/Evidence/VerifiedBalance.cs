using Ledger.Crypto;

namespace Ledger.Client.Evidence;

/// <summary>A balance proven against a certified state root at a committed height.</summary>
public sealed record VerifiedBalance(PublicKey Account, ulong Balance, bool Exists, ulong Height, Hash32 StateRoot, ulong TotalSupply);
