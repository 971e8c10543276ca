using Ledger.Node.Mempool;
using Ledger.Node.Modes;
using Ledger.Node.Observability;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>Everything the event loop drives, gathered so its constructor stays readable.</summary>
public sealed record LoopDependencies(
    IReplicaEngine Engine,
    ILedgerBackend Ledger,
    TransactionPool Mempool,
    IPeerTransport Peers,
    SafetyStore Safety,
    NodeModeTracker Mode,
    NodeMetrics Metrics,
    CommitFeed Feed,
    EquivocationLog Equivocations,
    TimeProvider Time,
    ILogger Logger);
