using Ledger.Crypto;

namespace Ledger.Chaos.Workload;

/// <summary>A balance read during the run and verified against genesis: the account, what it held at a committed height, and the total supply that state commits to.</summary>
public sealed record BalanceObservation(PublicKey Account, ulong Height, ulong Balance, ulong TotalSupply, string Node);
