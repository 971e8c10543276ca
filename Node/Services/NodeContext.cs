using Ledger.Node.Configuration;
using Ledger.Node.Mempool;
using Ledger.Node.Modes;
using Ledger.Node.Network;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;
using Ledger.Node.Security;

namespace Ledger.Node.Services;

/// <summary>The running node's parts that the gRPC services read from and post to.</summary>
public sealed record NodeContext(
    string Name,
    string ChainId,
    ReplicaLoop Loop,
    LedgerEngine Ledger,
    LedgerStoreGate Store,
    TransactionPool Mempool,
    PeerNetwork Peers,
    NodeModeTracker Mode,
    NodeMetrics Metrics,
    CommitFeed Feed,
    EquivocationLog Equivocations,
    PeerAuthenticator Authenticator,
    TimeProvider Time,
    int MaxTransactionBytes)
{
    /// <summary>The bounds of node.json's limits section.</summary>
    public required NodeLimitsConfig Limits { get; init; }

    /// <summary>Builds committed transfers' proofs, within limits.transferProofsInFlight.</summary>
    public required TransferProofs TransferProofs { get; init; }

    /// <summary>Reads accounts' committed transfers for GetAccountHistory, within limits.historyScanBlocks.</summary>
    public required AccountHistory History { get; init; }

    /// <summary>Answers peers' sync requests off the event loop.</summary>
    public required SyncServer Sync { get; init; }

    /// <summary>Serves state snapshots to peers that install one; null answers that there is none to offer.</summary>
    public SnapshotServer? Snapshots { get; init; }

    /// <summary>This build's version, as GetStatus reports it.</summary>
    public string Version { get; init; } = "unknown";

    /// <summary>The configured endpoints (host:port), as GetStatus reports them; metrics is empty when off.</summary>
    public string ClientEndpoint { get; init; } = string.Empty;

    public string MetricsEndpoint { get; init; } = string.Empty;

    public string PeerEndpoint { get; init; } = string.Empty;

    /// <summary>The node's own certificates and their expiry warning period, as GetStatus reports them; null reports none.</summary>
    public CertificateExpiryMonitor? Certificates { get; init; }

    /// <summary>Epoch-change proofs read from the stored chain (GetEpochProofs on both endpoints).</summary>
    public EpochProofSource EpochProofs { get; } = new(Ledger, Store);

    /// <summary>The Link calls each peer holds open on this node (bounded per peer).</summary>
    public InboundLinks InboundLinks { get; } = new(Metrics.PeerLinksOpen);

    /// <summary>The committed head's balance evidence, built once per height.</summary>
    public HeadEvidenceCache BalanceEvidence { get; } = new();
}
