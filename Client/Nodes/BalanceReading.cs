using Ledger.Client.Evidence;
using Ledger.Client.Protos;

namespace Ledger.Client.Nodes;

/// <summary>
/// A verified balance and what the node said about its own freshness (<see cref="Staleness"/>,
/// unverified: only the balance, its height and its block time are proven).
/// </summary>
public sealed record BalanceReading(VerifiedBalance Balance, Staleness? Staleness);
