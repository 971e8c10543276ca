using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Evidence;
using Ledger.Crypto.Keys;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet init`: writes a profile (a copy of genesis, the nodes, the key file's path) so
/// everyday commands need neither --genesis, --node nor --key. Checks everything it writes
/// (genesis parses and yields a verifier, nodes are host:port, the key opens) and never replaces
/// an existing profile. Prints genesis's SHA-256, to compare with the network's out of band.
/// </summary>
public static class WalletInitCommand
{
    private const string Name = "init";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var key = new Option<string>("--key") { Description = "Your Ed25519 key file, PKCS#8 PEM (its path is kept, the key is not copied)", Required = true };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase (its name is kept, never the passphrase)" };
        var cmd = new Command(Name, "Write a wallet profile (genesis, nodes, key) so other wallet commands need no --genesis/--node/--key");
        common.AddTo(cmd, key, passphraseEnv);
        cmd.SetAction(parse =>
        {
            var output = common.Output(parse);
            return WalletOptions.GuardAsync(output, Name, () =>
            {
                var folder = Path.GetFullPath(parse.GetValue(common.Profile) ?? WalletProfile.DefaultFolder());
                if (File.Exists(Path.Combine(folder, WalletProfile.FileName)))
                {
                    throw new CliException($"a profile already exists in '{folder}'; remove {WalletProfile.FileName} first or pick another --profile");
                }

                var genesisPath = parse.GetValue(common.Genesis) ?? throw new CliException("give --genesis: the genesis.json the wallet will trust");
                var genesisText = CliGuard.ReadFile(genesisPath, "genesis file");
                var genesis = WalletContext.LoadGenesis(genesisPath);
                _ = new EvidenceVerifier(genesis);
                var nodes = WalletContext.ParseNodes(parse.GetValue(common.Node) ?? []);
                if (nodes.Count == 0)
                {
                    throw new CliException("give at least one --node (host:port of a node's client endpoint)");
                }

                var crls = (parse.GetValue(common.Crl) ?? []).Select(Path.GetFullPath).ToList();
                _ = WalletContext.LoadTrust(genesis, crls);
                var keyPath = Path.GetFullPath(parse.GetValue(key)!);
                var variable = parse.GetValue(passphraseEnv);
                using var signing = KeyFile.ImportSigningKey(CliGuard.ReadFile(keyPath, "key file"), CliGuard.PassphraseFromEnv(variable));

                Directory.CreateDirectory(folder);
                var genesisCopy = Path.Combine(folder, WalletProfile.GenesisFileName);
                using (var stream = new FileStream(genesisCopy, FileMode.Create, FileAccess.Write, FileShare.None))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(genesisText);
                    writer.Flush();
                    stream.Flush(flushToDisk: true);
                }

                new WalletProfile { Nodes = nodes, Key = keyPath, PassphraseEnv = variable, Crls = crls }.SaveNew(folder);
                var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(genesisCopy)));
                var member = genesis.Members.FirstOrDefault(m => m.PublicKey.Equals(signing.PublicKey.ToHex(), StringComparison.OrdinalIgnoreCase))?.Name;
                var human = $"profile written to {folder}: chain {genesis.ChainId}, genesis SHA-256 {digest} (compare it with your network's), "
                    + $"nodes {string.Join(", ", nodes)}, account {signing.PublicKey.ToHex()}{(member is null ? " (not a genesis member)" : $" ({member})")}";
                var fields = new JsonObject
                {
                    ["profile"] = folder,
                    ["chainId"] = genesis.ChainId,
                    ["genesisSha256"] = digest,
                    ["nodes"] = new JsonArray(nodes.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
                    ["account"] = signing.PublicKey.ToHex(),
                    ["member"] = member,
                    ["key"] = keyPath,
                    ["crls"] = new JsonArray(crls.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
                };
                output.Answer(Name, WalletExit.Ok, human, fields, []);
                return Task.FromResult(WalletExit.Ok);
            });
        });
        return cmd;
    }
}
