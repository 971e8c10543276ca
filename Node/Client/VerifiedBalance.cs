using Ledger.Crypto;

namespace Ledger.Node.Client;

/// <summary>
/// A balance proven against a certified state root at a committed height. Every field is
/// certified or derived from genesis (the address is the account's key under the chain's prefix),
/// the block timestamp included: how old the balance is can be told without trusting the node's
/// word about its own staleness.
/// </summary>
public sealed record VerifiedBalance(PublicKey Account, ulong Balance, bool Exists, ulong Height, Hash32 StateRoot, ulong TotalSupply, long BlockTimestampMs, string Address);
