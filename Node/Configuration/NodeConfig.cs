using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Node.Configuration;

/// <summary>
/// One validator's configuration file (node.json). Paths are relative to the file's folder.
/// Membership comes from the genesis file it names; everything here is local to this node.
/// </summary>
public sealed record NodeConfig
{
    /// <summary>The validator's name as it appears in genesis.</summary>
    public required string Name { get; init; }

    public required string GenesisPath { get; init; }

    public required string DataDir { get; init; }

    /// <summary>PKCS#8 PEM of the Ed25519 consensus key.</summary>
    public required string SigningKeyPath { get; init; }

    /// <summary>Environment variable holding the key passphrase, when the key file is encrypted.</summary>
    public string? SigningKeyPassphraseEnv { get; init; }

    /// <summary>PEM of the ECDSA P-256 TLS certificate and its PKCS#8 key.</summary>
    public required string TlsCertificatePath { get; init; }

    public required string TlsKeyPath { get; init; }

    /// <summary>host:port for replica-to-replica gRPC (mutual TLS).</summary>
    public required string PeerEndpoint { get; init; }

    /// <summary>host:port for the client API (TLS, no client certificate).</summary>
    public required string ClientEndpoint { get; init; }

    /// <summary>host:port for Prometheus metrics over plain HTTP; null disables it.</summary>
    public string? MetricsEndpoint { get; init; }

    public required IReadOnlyList<PeerConfig> Peers { get; init; }

    public ConsensusTimingConfig Timing { get; init; } = new();

    /// <summary>Bounds on everything a peer or client can make this node hold or do.</summary>
    public NodeLimitsConfig Limits { get; init; } = new();

    /// <summary>State snapshots: interval and retention.</summary>
    public NodeStorageConfig Storage { get; init; } = new();

    /// <summary>
    /// CRL files (PEM, signed by a genesis organisation CA) honoured for peer TLS certificates on
    /// top of the ledger's revocations; re-read when they change, so a revocation takes effect
    /// without a restart.
    /// </summary>
    public IReadOnlyList<string> CrlPaths { get; init; } = [];

    /// <summary>
    /// A certificate the node depends on (its TLS and signing certificates, its organisation's CA)
    /// that expires within this many days is warned about at start and daily, and flagged in
    /// `ledger node status`. 1..3650.
    /// </summary>
    public int CertificateExpiryWarningDays { get; init; } = 30;

    /// <summary>Log level, console format (text or JSON) and JSON log file; see <see cref="NodeLoggingConfig"/>.</summary>
    public NodeLoggingConfig Logging { get; init; } = new();

    /// <summary>The older name of <see cref="NodeLoggingConfig.File"/>, still honoured.</summary>
    public string? JsonLogPath { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static NodeConfig FromJson(string json) =>
        JsonSerializer.Deserialize<NodeConfig>(json, JsonOptions) ?? throw new FormatException("node configuration is empty");
}

public sealed record PeerConfig
{
    public required string Name { get; init; }

    public required string Endpoint { get; init; }
}

public sealed record ConsensusTimingConfig
{
    public int BaseRoundTimeoutMs { get; init; } = 1000;

    public int MaxRoundTimeoutMs { get; init; } = 30_000;

    /// <summary>
    /// While no transaction is pending, a leader proposes an (empty) heartbeat block this long
    /// after its parent's timestamp, and replicas wait this plus a round timeout before timing a
    /// round out; a leader with pending transactions proposes at once. Every validator should use
    /// the same value, as with the round timeouts. An idle network commits one block per heartbeat.
    /// </summary>
    public int HeartbeatMs { get; init; } = 5_000;

    /// <summary>
    /// No commit for this long puts the node in `degraded` mode; above the heartbeat plus a round
    /// timeout, so an idle network is not degraded. The default is three heartbeats: at twice the
    /// heartbeat, idle validators on a loaded machine flipped to degraded and back within 0.1 s,
    /// a false warning each time.
    /// </summary>
    public int DegradedAfterMs { get; init; } = 15_000;

    /// <summary>
    /// Where the mempool's capacity used to be set; it is now <c>limits.mempoolCapacity</c>. Still
    /// read so an older node.json keeps its meaning: start-up refuses a value that differs from
    /// the limit rather than silently ignoring one of them.
    /// </summary>
    public int? MempoolCapacity { get; init; }
}
