using Ledger.Node.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Ledger.Node.Hosting;

/// <summary>Serilog for a node process: readable console lines, and compact JSON to a file when configured.</summary>
public static class NodeLogging
{
    public static Serilog.ILogger Create(NodeConfig config, string configDirectory, LogEventLevel minimum = LogEventLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(config);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .MinimumLevel.Override("Ledger", LogEventLevel.Warning)
            .MinimumLevel.Override("Ledger.Node", minimum)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Node", config.Name)
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Node}: {Message:lj}{NewLine}{Exception}");
        if (config.JsonLogPath is { } path)
        {
            logger = logger.WriteTo.File(new CompactJsonFormatter(), NodeConfigValidator.Resolve(configDirectory, path));
        }

        return logger.CreateLogger();
    }
}
