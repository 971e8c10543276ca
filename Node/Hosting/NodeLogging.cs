using Ledger.Node.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Ledger.Node.Hosting;

/// <summary>
/// Serilog for a node process: readable console lines or one JSON object per line (for log
/// collectors), and compact JSON to a file when configured. Libraries (ASP.NET Core, gRPC, the
/// ledger engine) log warnings and above unless the node's level is finer than that.
/// </summary>
public static class NodeLogging
{
    public static Serilog.ILogger Create(NodeConfig config, string configDirectory) =>
        Create(config, configDirectory, NodeLogSettings.Resolve(config, Environment.GetEnvironmentVariable));

    public static Serilog.ILogger Create(NodeConfig config, string configDirectory, NodeLogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        LogEventLevel libraries = settings.Level > LogEventLevel.Warning ? settings.Level : LogEventLevel.Warning;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(settings.Level)
            .MinimumLevel.Override("Microsoft", libraries)
            .MinimumLevel.Override("Grpc", libraries)
            .MinimumLevel.Override("Ledger", libraries)
            .MinimumLevel.Override("Ledger.Node", settings.Level)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Node", config.Name);
        logger = settings.JsonConsole
            ? logger.WriteTo.Console(new RenderedCompactJsonFormatter())
            : logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Node}: {Message:lj}{NewLine}{Exception}");
        if (settings.JsonFile is { } path)
        {
            logger = logger.WriteTo.File(new CompactJsonFormatter(), NodeConfigValidator.Resolve(configDirectory, path));
        }

        return logger.CreateLogger();
    }
}
