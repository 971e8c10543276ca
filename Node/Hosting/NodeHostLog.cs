using Microsoft.Extensions.Logging;

namespace Ledger.Node.Hosting;

/// <summary>Source-generated log messages of the node host.</summary>
internal static partial class NodeHostLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Mode {From} -> {To}: {Reason}")]
    public static partial void ModeChanged(ILogger logger, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} running on chain {ChainId}, peers {Peers}, committed height {Height}")]
    public static partial void Started(ILogger logger, string node, string chainId, string peers, ulong height);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} of {Organisation} (consensus key {KeyId}) listens on peers {PeerEndpoint} (mutual TLS), clients {ClientEndpoint} (TLS), metrics {MetricsEndpoint}; data in {DataDirectory}")]
    public static partial void Listening(ILogger logger, string node, string organisation, string keyId, string peerEndpoint, string clientEndpoint, string metricsEndpoint, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} is not a validator of epoch {Epoch}: it follows the chain without signing until a validator-set change adds it")]
    public static partial void NotAValidator(ILogger logger, string node, ulong epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} stopped at committed height {Height}")]
    public static partial void Stopped(ILogger logger, string node, ulong height);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Event loop failed")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "safety.bin names validator key {RecordKey}, another current validator's, not this node's key {OwnKey} (copied from another node?): it is ignored and the node starts as if its record were lost")]
    public static partial void SafetyRecordOfAnotherKey(ILogger logger, string recordKey, string ownKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "safety.bin names validator key {RecordKey}, which epoch {Epoch} no longer lists, while it lists this node's key {OwnKey}: a rotated key; the new key has signed nothing and starts its own record")]
    public static partial void SafetyRecordOfRotatedKey(ILogger logger, string recordKey, string ownKey, ulong epoch);
}
