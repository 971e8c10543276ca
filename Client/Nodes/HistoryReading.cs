using Ledger.Client.Evidence;
using Ledger.Client.Protos;

namespace Ledger.Client.Nodes;

/// <summary>
/// A verified history page and what the node said about its own freshness (<see cref="Staleness"/>,
/// unverified). The page's entries are proven; that it holds all of them is not.
/// </summary>
public sealed record HistoryReading(VerifiedHistoryPage Page, Staleness? Staleness);
