using Ledger.Consensus.Messages;
using Ledger.Crypto.Keys;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.Node.Configuration;
using Ledger.Node.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Ledger.Chaos.Byzantine;

/// <summary>
/// Builds a validator that misbehaves: the ordinary node (<see cref="NodeHost"/>) from its
/// node.json, with its outbound consensus path wrapped by a <see cref="ByzantineOutbox"/>. Only
/// this separate executable's entry point calls it; `ledger node run` has no way to, and no
/// node.json field names a misbehaviour. It refuses a chain `ledger chaos` did not make
/// (<see cref="ChaosChain"/>).
/// </summary>
public static class ByzantineNodeHost
{
    public static WebApplication Build(string configPath, Misbehaviour behaviour, int seed)
    {
        if (behaviour == Misbehaviour.None)
        {
            throw new ByzantineHostException("a Byzantine validator needs at least one misbehaviour");
        }

        var (config, directory) = NodeHost.LoadConfig(configPath);
        var genesis = GenesisDocument.Load(NodeConfigValidator.Resolve(directory, config.GenesisPath));
        if (!ChaosChain.IsChaosChain(genesis.ChainId))
        {
            throw new ByzantineHostException(
                $"chain '{genesis.ChainId}' was not made by `ledger chaos` (its id does not start with '{ChaosChain.Prefix}'); a Byzantine validator joins only chaos test networks");
        }

        var names = genesis.Validators.Select(v => v.Name).ToList();
        var self = names.IndexOf(config.Name);
        if (self < 0)
        {
            throw new ByzantineHostException($"'{config.Name}' is not a validator in genesis");
        }

        var passphrase = config.SigningKeyPassphraseEnv is { } env ? Environment.GetEnvironmentVariable(env) : null;
        var key = KeyFile.ImportSigningKey(File.ReadAllText(NodeConfigValidator.Resolve(directory, config.SigningKeyPath)), passphrase);
        try
        {
            var genesisRoot = GenesisState.Build(genesis, MembershipAuthority.FromGenesis(genesis)).Root;
            var forger = new MessageForger(genesis.ChainId, key, self, names.Count, QuorumCertificate.Genesis(genesis.ChainId, genesisRoot));
            var app = NodeHost.Build(
                configPath,
                wrapOutbox: peers => new ByzantineOutbox(peers, peers.PeerNames, names, forger, behaviour, new Random(seed), new ByzantineLimits(), TimeProvider.System));
            app.Lifetime.ApplicationStopped.Register(key.Dispose);
            return app;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
