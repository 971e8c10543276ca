using Ledger.Genesis;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Ledger.BenchHost;

/// <summary>
/// Builds the validator of `ledger bench node --schemes none`: the ordinary node
/// (<see cref="NodeHost"/>) from its node.json, with client signature checks skipped in admission
/// and block execution (<see cref="UncheckedClientSignatures"/>). Only this executable's entry
/// point calls it; it refuses a chain the bench did not make (<see cref="BenchChain"/>) before it
/// opens anything.
/// </summary>
public static class UncheckedNodeHost
{
    public static WebApplication Build(string configPath)
    {
        var (config, directory) = NodeHost.LoadConfig(configPath);
        var genesis = GenesisDocument.Load(NodeConfigValidator.Resolve(directory, config.GenesisPath));
        if (!BenchChain.IsBenchChain(genesis.ChainId))
        {
            throw new BenchHostException(
                $"chain '{genesis.ChainId}' was not made by `ledger bench node` (its id does not start with '{BenchChain.Prefix}'); a validator that skips client signatures joins only benchmark networks");
        }

        return NodeHost.Build(configPath, clientSignatures: new UncheckedClientSignatures());
    }
}
