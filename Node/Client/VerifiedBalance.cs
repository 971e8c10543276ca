using Ledger.Crypto;

namespace Ledger.Node.Client;

/// <summary>
/// A balance proven against a certified state root at a committed height. Every field is
/// certified, the block timestamp included: how old the balance is can be told without trusting
/// the node's word about its own staleness.
/// </summary>
public sealed record VerifiedBalance(PublicKey Account, ulong Balance, bool Exists, ulong Height, Hash32 StateRoot, ulong TotalSupply, long BlockTimestampMs);
