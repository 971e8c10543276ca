using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Genesis;

/// <summary>
/// The network's membership and ledger parameters, identical on every node: the chain id, each
/// organisation's CA certificate, the validators in leader order, the enrolled members with
/// their opening balances. Tunables that may differ per node (timeouts, ports) live in the node
/// configuration, not here. Stored as JSON (genesis.json).
/// </summary>
public sealed record GenesisDocument
{
    public required string ChainId { get; init; }

    /// <summary>Unix milliseconds; the timestamp of height 0 and the floor for block timestamps.</summary>
    public required long GenesisTimeMs { get; init; }

    public required IReadOnlyList<GenesisOrganisation> Organisations { get; init; }

    /// <summary>Validators in genesis order: the leader of round r is Validators[r mod n].</summary>
    public required IReadOnlyList<GenesisValidator> Validators { get; init; }

    public required IReadOnlyList<GenesisMember> Members { get; init; }

    public required LedgerParameters Parameters { get; init; }

    /// <summary>Bounds on block timestamps every validator and wallet applies (BFT time).</summary>
    public ConsensusTimeParameters Consensus { get; init; } = new();

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static GenesisDocument FromJson(string json) =>
        JsonSerializer.Deserialize<GenesisDocument>(json, JsonOptions)
        ?? throw new FormatException("genesis file is empty");

    public static GenesisDocument Load(string path) => FromJson(File.ReadAllText(path));
}

public sealed record GenesisOrganisation
{
    public required string Name { get; init; }

    /// <summary>The organisation's self-signed root CA certificate, PEM.</summary>
    public required string CaCertificatePem { get; init; }
}

public sealed record GenesisValidator
{
    public required string Name { get; init; }

    public required string Organisation { get; init; }

    /// <summary>Ed25519 consensus key, 64 hex characters; must equal the key in the signing certificate.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Certificate binding <see cref="PublicKey"/> to the organisation with role `validator`, PEM.</summary>
    public required string SigningCertificatePem { get; init; }

    /// <summary>The ECDSA P-256 TLS certificate (same subject) the validator presents to peers, PEM.</summary>
    public required string TlsCertificatePem { get; init; }
}

public sealed record GenesisMember
{
    public required string Name { get; init; }

    public required string Organisation { get; init; }

    /// <summary>Ed25519 account key, 64 hex characters; must equal the key in the certificate.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Certificate binding <see cref="PublicKey"/> to the organisation with role `member`, PEM.</summary>
    public required string CertificatePem { get; init; }

    public required ulong Balance { get; init; }
}

public sealed record LedgerParameters
{
    /// <summary>A transfer is valid in a block at time T only if its timestamp >= T - window.</summary>
    public long ReplayWindowMs { get; init; } = 10 * 60 * 1000;

    /// <summary>A transfer is valid in a block at time T only if its timestamp &lt;= T + skew.</summary>
    public long MaxClockSkewMs { get; init; } = 30 * 1000;

    /// <summary>
    /// Transactions a block may hold. Blocks fill only under load, so the limit sets how a busy
    /// network amortises each block's fixed costs (a consensus round with its safety fsync, the
    /// top of the accounts tree rehashed, the store's two fsyncs): 10,000 transfers of about
    /// 180 bytes make a 1.8 MB payload, under the consensus cap of 4 MB. `ledger bench ledger`
    /// and `ledger bench node` measure the choice (docs/ARCHITECTURE.md).
    /// </summary>
    public int MaxBlockTransactions { get; init; } = 10_000;

    public int MaxTransactionBytes { get; init; } = 16 * 1024;
}
