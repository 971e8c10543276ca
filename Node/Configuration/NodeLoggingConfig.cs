namespace Ledger.Node.Configuration;

/// <summary>
/// The `logging` section of node.json. Environment variables LEDGER_LOG_LEVEL and
/// LEDGER_LOG_FORMAT override <see cref="Level"/> and <see cref="Format"/>, so a container or a
/// service manager can change them without editing the file.
/// </summary>
public sealed record NodeLoggingConfig
{
    /// <summary>verbose, debug, information, warning, error or fatal: the node's own messages at this level and above.</summary>
    public string Level { get; init; } = "information";

    /// <summary>Console lines: `text` (readable) or `json` (one compact JSON object per line, for log collectors).</summary>
    public string Format { get; init; } = "text";

    /// <summary>A file (relative to node.json) that receives every message as compact JSON; null writes none.</summary>
    public string? File { get; init; }
}
