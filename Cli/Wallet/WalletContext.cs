using Ledger.Cli.Support;
using Ledger.Client.Journal;
using Ledger.Client.Nodes;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Crypto.Keys;
using Ledger.Genesis;

namespace Ledger.Cli.Wallet;

/// <summary>
/// What a wallet command runs with: the profile folder, the genesis it trusts, the nodes to ask
/// (in order) and the key, each from the command line if given, else from the profile.
/// </summary>
public sealed class WalletContext
{
    private WalletContext(string folder, WalletProfile? profile, GenesisDocument genesis, IReadOnlyList<string> nodes, NodeCertificateTrust trust)
    {
        Folder = folder;
        Profile = profile;
        Genesis = genesis;
        Nodes = nodes;
        Trust = trust;
    }

    public string Folder { get; }

    public WalletProfile? Profile { get; }

    public GenesisDocument Genesis { get; }

    public IReadOnlyList<string> Nodes { get; }

    /// <summary>What a node's TLS certificate must be: genesis CAs, minus what the --crl files revoke.</summary>
    public NodeCertificateTrust Trust { get; }

    public string JournalFolder => Path.Combine(Folder, WalletProfile.JournalFolder);

    public static WalletContext Resolve(string? profileFolder, string? genesisPath, IReadOnlyList<string> nodes, IReadOnlyList<string>? crlPaths = null)
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

        var crls = crlPaths is { Count: > 0 } ? crlPaths : profile?.Crls ?? [];
        return new WalletContext(folder, profile, genesis, endpoints, LoadTrust(genesis, crls));
    }

    /// <summary>Trust in genesis's CAs honouring the CRL files; a file that is no CRL, or a CRL refused, is an error naming it.</summary>
    public static NodeCertificateTrust LoadTrust(GenesisDocument genesis, IReadOnlyList<string> crlPaths)
    {
        ArgumentNullException.ThrowIfNull(crlPaths);
        var crls = new List<OrganisationCrl>();
        foreach (var path in crlPaths)
        {
            try
            {
                crls.Add(OrganisationCrl.Parse(CliGuard.ReadFile(path, "CRL file")));
            }
            catch (FormatException ex)
            {
                throw new CliException($"CRL file '{path}' is not a CRL: {ex.Message}", ex);
            }

            try
            {
                NodeCertificateTrust.Of(genesis, [crls[^1]]);
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"CRL file '{path}' is refused: {ex.Message}", ex);
            }
        }

        return NodeCertificateTrust.Of(genesis, crls);
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

    /// <summary>The nodes, with the epochs proven in earlier runs read back (and checked again) from the profile folder.</summary>
    public LedgerNodes Connect() => new LedgerNodes(Genesis, Nodes, Trust).KeepEpochProofsIn(Folder);

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
