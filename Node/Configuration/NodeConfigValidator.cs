using System.Globalization;

namespace Ledger.Node.Configuration;

/// <summary>
/// Checks a node.json before anything starts, so a bad file fails with every problem listed at
/// once instead of the first exception from deep inside Kestrel or LiteDB.
/// </summary>
public static class NodeConfigValidator
{
    /// <summary>Returns one sentence per problem; empty when the configuration is usable.</summary>
    public static IReadOnlyList<string> Validate(NodeConfig config, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(config.Name))
        {
            errors.Add("name is empty");
        }

        RequireFile(errors, "genesisPath", config.GenesisPath, configDirectory);
        RequireFile(errors, "signingKeyPath", config.SigningKeyPath, configDirectory);
        RequireFile(errors, "tlsCertificatePath", config.TlsCertificatePath, configDirectory);
        RequireFile(errors, "tlsKeyPath", config.TlsKeyPath, configDirectory);
        foreach (var crl in config.CrlPaths ?? [])
        {
            RequireFile(errors, "crlPaths[]", crl, configDirectory);
        }

        if (string.IsNullOrWhiteSpace(config.DataDir))
        {
            errors.Add("dataDir is empty");
        }

        var ports = new Dictionary<int, string>();
        CheckEndpoint(errors, ports, "peerEndpoint", config.PeerEndpoint);
        CheckEndpoint(errors, ports, "clientEndpoint", config.ClientEndpoint);
        if (config.MetricsEndpoint is not null)
        {
            CheckEndpoint(errors, ports, "metricsEndpoint", config.MetricsEndpoint);
        }

        CheckPeers(errors, config);
        CheckTiming(errors, config.Timing);
        NodeLimitsValidator.Check(errors, config.Limits, config.Timing);
        if (config.CertificateExpiryWarningDays is < 1 or > 3650)
        {
            errors.Add($"certificateExpiryWarningDays must be 1..3650, got {config.CertificateExpiryWarningDays}");
        }

        NodeStorageConfig.Check(errors, config.Storage);
        if (config.SigningKeyPassphraseEnv is { } env && Environment.GetEnvironmentVariable(env) is null)
        {
            errors.Add($"signingKeyPassphraseEnv names environment variable '{env}', which is not set");
        }

        return errors;
    }

    /// <summary>Validates and throws one exception listing every problem.</summary>
    public static void ThrowIfInvalid(NodeConfig config, string configDirectory)
    {
        var errors = Validate(config, configDirectory);
        if (errors.Count > 0)
        {
            throw new NodeConfigException(errors);
        }
    }

    /// <summary>Resolves a path from node.json against the folder the file lives in.</summary>
    public static string Resolve(string configDirectory, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(configDirectory, path));

    private static void RequireFile(List<string> errors, string field, string? path, string directory)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{field} is empty");
            return;
        }

        var full = Resolve(directory, path);
        if (!File.Exists(full))
        {
            errors.Add($"{field}: file '{full}' does not exist");
        }
    }

    private static void CheckEndpoint(List<string> errors, Dictionary<int, string> ports, string field, string? value)
    {
        if (!HostPort.TryParse(value, out var endpoint))
        {
            errors.Add($"{field} '{value}' is not host:port with a port in 1..65535");
            return;
        }

        if (!ports.TryAdd(endpoint.Port, field))
        {
            errors.Add($"{field} uses port {endpoint.Port.ToString(CultureInfo.InvariantCulture)}, already used by {ports[endpoint.Port]}");
        }
    }

    private static void CheckPeers(List<string> errors, NodeConfig config)
    {
        if (config.Peers is null)
        {
            errors.Add("peers is missing");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in config.Peers)
        {
            if (string.IsNullOrWhiteSpace(peer.Name))
            {
                errors.Add("a peer has an empty name");
            }
            else if (peer.Name == config.Name)
            {
                errors.Add($"peer '{peer.Name}' is this node itself");
            }
            else if (!names.Add(peer.Name))
            {
                errors.Add($"peer '{peer.Name}' is listed twice");
            }

            if (!HostPort.TryParse(peer.Endpoint, out _))
            {
                errors.Add($"peer '{peer.Name}' endpoint '{peer.Endpoint}' is not host:port");
            }
        }
    }

    private static void CheckTiming(List<string> errors, ConsensusTimingConfig timing)
    {
        if (timing is null)
        {
            errors.Add("timing is missing");
            return;
        }

        if (timing.BaseRoundTimeoutMs < 10)
        {
            errors.Add($"timing.baseRoundTimeoutMs must be at least 10, got {timing.BaseRoundTimeoutMs}");
        }

        if (timing.MaxRoundTimeoutMs < timing.BaseRoundTimeoutMs)
        {
            errors.Add($"timing.maxRoundTimeoutMs ({timing.MaxRoundTimeoutMs}) is below baseRoundTimeoutMs ({timing.BaseRoundTimeoutMs})");
        }

        if (timing.HeartbeatMs < 1)
        {
            errors.Add($"timing.heartbeatMs must be positive, got {timing.HeartbeatMs}");
        }

        // An idle network commits once per heartbeat: a shorter threshold would call it degraded.
        if (timing.DegradedAfterMs <= (long)timing.HeartbeatMs + timing.BaseRoundTimeoutMs)
        {
            errors.Add($"timing.degradedAfterMs ({timing.DegradedAfterMs}) must exceed heartbeatMs + baseRoundTimeoutMs ({(long)timing.HeartbeatMs + timing.BaseRoundTimeoutMs}), or an idle network reads as degraded");
        }
    }
}
