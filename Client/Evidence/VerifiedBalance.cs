using Ledger.Crypto;

namespace Ledger.Client.Evidence;

/// <summary>
/// A balance proven against a certified state root at a committed height. <see cref="BlockTimestampMs"/>
/// is that block's timestamp, which the state root commits to: certified ledger time. The address
/// is the account's key under the chain's prefix (genesis alone gives it).
/// </summary>
public sealed record VerifiedBalance(PublicKey Account, ulong Balance, bool Exists, ulong Height, Hash32 StateRoot, ulong TotalSupply, long BlockTimestampMs, string Address);
