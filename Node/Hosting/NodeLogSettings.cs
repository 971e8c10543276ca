using Ledger.Node.Configuration;
using Serilog.Events;

namespace Ledger.Node.Hosting;

/// <summary>
/// How a node logs, resolved once at start from node.json's `logging` section and the
/// environment (which wins). A value that is not understood stops the start with its name,
/// rather than silently logging at a level nobody asked for.
/// </summary>
public sealed record NodeLogSettings(LogEventLevel Level, bool JsonConsole, string? JsonFile)
{
    public const string LevelVariable = "LEDGER_LOG_LEVEL";
    public const string FormatVariable = "LEDGER_LOG_FORMAT";

    public static NodeLogSettings Resolve(NodeConfig config, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var errors = new List<string>();
        string level = Pick(environment(LevelVariable), config.Logging.Level);
        string format = Pick(environment(FormatVariable), config.Logging.Format);

        LogEventLevel parsed = LogEventLevel.Information;
        if (!Enum.TryParse(level, ignoreCase: true, out parsed) || !Enum.IsDefined(parsed) || int.TryParse(level, out _))
        {
            errors.Add($"log level '{level}' (logging.level or {LevelVariable}) is not one of verbose, debug, information, warning, error, fatal");
        }

        bool json = format.ToLowerInvariant() switch
        {
            "text" => false,
            "json" => true,
            _ => Invalid(errors, $"log format '{format}' (logging.format or {FormatVariable}) is not text or json"),
        };

        if (config.Logging.File is not null && config.JsonLogPath is not null && config.Logging.File != config.JsonLogPath)
        {
            errors.Add("logging.file and the older jsonLogPath name two different files; keep logging.file");
        }

        if (errors.Count > 0)
        {
            throw new NodeConfigException(errors);
        }

        return new NodeLogSettings(parsed, json, config.Logging.File ?? config.JsonLogPath);
    }

    private static string Pick(string? fromEnvironment, string fromConfig) =>
        string.IsNullOrWhiteSpace(fromEnvironment) ? fromConfig : fromEnvironment.Trim();

    private static bool Invalid(List<string> errors, string message)
    {
        errors.Add(message);
        return false;
    }
}
