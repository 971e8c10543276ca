using Ledger.Cli.Support;
using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Genesis;

namespace Ledger.Cli.Wallet;

/// <summary>
/// What a wallet command runs with: the profile folder, the genesis it trusts, the nodes to ask
/// (in order) and the key, each from the command line if given, else from the profile.
/// </summary>
public sealed class WalletContext
{
    private WalletContext(string folder, WalletProfile? profile, GenesisDocument genesis, IReadOnlyList<string> nodes)
    {
        Folder = folder;
        Profile = profile;
        Genesis = genesis;
        Nodes = nodes;
    }

    public string Folder { get; }

    public WalletProfile? Profile { get; }

    public GenesisDocument Genesis { get; }

    public IReadOnlyList<string> Nodes { get; }

    public string JournalFolder => Path.Combine(Folder, WalletProfile.JournalFolder);

    public static WalletContext Resolve(string? profileFolder, string? genesisPath, IReadOnlyList<string> nodes)
    {
        var folder = Path.GetFullPath(string.IsNullOrEmpty(profileFolder) ? WalletProfile.DefaultFolder() : profileFolder);
        var profile = WalletProfile.Load(folder);
        var genesisFile = genesisPath ?? (profile is null ? null : Path.Combine(folder, WalletProfile.GenesisFileName))
            ?? throw new CliException($"give --genesis, or run `ledger wallet init` to write a profile (none in '{folder}')");
        var genesis = LoadGenesis(genesisFile);
        var endpoints = ParseNodes(nodes.Count > 0 ? nodes : profile?.Nodes ?? []);
        if (endpoints.Count == 0)
        {
            throw new CliException($"give --node, or run `ledger wallet init` to write a profile (none in '{folder}')");
        }

        return new WalletContext(folder, profile, genesis, endpoints);
    }

    /// <summary>host:port values, repeated or comma-separated, in the order given, without repeats.</summary>
    public static IReadOnlyList<string> ParseNodes(IEnumerable<string> values)
    {
        var result = new List<string>();
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var endpoint = NodeEndpoint.TryParse(value, out var parsed) ? parsed.ToString() : throw new CliException($"node address '{value}' is not host:port");
            if (!result.Contains(endpoint))
            {
                result.Add(endpoint);
            }
        }

        return result;
    }

    public static GenesisDocument LoadGenesis(string path)
    {
        var text = CliGuard.ReadFile(path, "genesis file");
        try
        {
            return GenesisDocument.FromJson(text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new CliException($"genesis file '{path}' is not valid: {ex.Message}", ex);
        }
    }

    public LedgerNodes Connect() => new(Genesis, Nodes);

    public TransferJournal Journal() => new(JournalFolder);

    /// <summary>The signing key: --key if given, else the profile's, with its passphrase variable.</summary>
    public SigningKey LoadKey(string? keyPath, string? passphraseEnv)
    {
        var path = keyPath ?? Profile?.Key ?? throw new CliException($"give --key, or run `ledger wallet init --key ...` (no key in the profile '{Folder}')");
        var variable = passphraseEnv ?? (keyPath is null ? Profile?.PassphraseEnv : null);
        return KeyFile.ImportSigningKey(CliGuard.ReadFile(path, "key file"), CliGuard.PassphraseFromEnv(variable));
    }

    /// <summary>The name of a genesis member with this key, if any.</summary>
    public string? MemberName(PublicKey key) => Genesis.Members.FirstOrDefault(m => m.PublicKey.Equals(key.ToHex(), StringComparison.OrdinalIgnoreCase))?.Name;

    /// <summary>64 hex characters, or the name of a genesis member.</summary>
    public PublicKey ResolveAccount(string text) => WalletSession.ResolveAccount(Genesis, text);
}
