using Ledger.Consensus.Core;
using Ledger.Node.Mempool;
using Ledger.Node.Modes;
using Ledger.Node.Network;
using Ledger.Node.Observability;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>
/// Everything the event loop drives, gathered so its constructor stays readable. Consensus
/// messages leave through <see cref="Outbox"/> when given (a wrapper around <see cref="Peers"/>),
/// else through <see cref="Peers"/> itself. <see cref="Signers"/>, when given, refuses consensus
/// messages of validators whose signing certificate is revoked and stops this node's own signed
/// messages once its certificate is (<see cref="RevokedSignerGate"/>). <see cref="Install"/>, when
/// given (`ledger node run`), lets the loop stop to install a snapshot when it falls far behind
/// (<see cref="Snapshots.RunningSnapshotInstall"/>).
/// </summary>
public sealed record LoopParts(
    ConsensusCore Core,
    LedgerEngine Ledger,
    LedgerStoreGate Store,
    Committee Committee,
    string Name,
    string ChainId,
    string DataDirectory,
    TransactionPool Mempool,
    PeerNetwork Peers,
    SafetyStore Safety,
    NodeModeTracker Mode,
    NodeMetrics Metrics,
    CommitFeed Feed,
    EquivocationLog Equivocations,
    TimeProvider Time,
    ILogger Logger,
    RecentCommits? RecentCommits = null,
    IConsensusOutbox? Outbox = null,
    RevokedSignerGate? Signers = null,
    Snapshots.RunningSnapshotInstall? Install = null);
