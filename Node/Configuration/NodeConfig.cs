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

    /// <summary>
    /// CRL files (PEM, signed by a genesis organisation CA) honoured for peer TLS certificates on
    /// top of the ledger's revocations; re-read when they change, so a revocation takes effect
    /// without a restart.
    /// </summary>
    public IReadOnlyList<string> CrlPaths { get; init; } = [];

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
    /// How long a leader with an empty mempool waits before proposing an empty block (a leader
    /// with pending transfers proposes at once), so an idle network does not spin.
    /// </summary>
    public int ProposalDelayMs { get; init; } = 50;

    /// <summary>No commit for this long puts the node in `degraded` mode.</summary>
    public int DegradedAfterMs { get; init; } = 10_000;

    public int MempoolCapacity { get; init; } = 50_000;
}
