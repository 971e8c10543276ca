using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Hosting;

/// <summary>What start-up has loaded and checked before the application is built.</summary>
public sealed record NodeStartup(
    NodeConfig Config,
    string ConfigDirectory,
    GenesisDocument Genesis,
    SigningKey SigningKey,
    string DataDirectory,
    byte[]? SafetyData,
    TimeProvider Time,
    ILoggerFactory LoggerFactory);
