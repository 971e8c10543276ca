using Ledger.Node.Configuration;

namespace Ledger.Node.Testnet;

/// <summary>One validator of a local testnet: its name, node.json and loaded configuration.</summary>
public sealed record LocalValidator(string Name, string ConfigPath, NodeConfig Config);
