using System.Text.Json;
using Ledger.Cli.Support;

namespace Ledger.Cli.Wallet;

/// <summary>
/// A wallet profile folder: `profile.json` (the nodes, the key file, optionally the variable
/// holding its passphrase, the CRL files to honour), the `genesis.json` it trusts (a copy, so the profile cannot drift
/// from what was checked at `wallet init`) and the `journal/` of signed transfers. The folder is
/// `--profile`, else $LEDGER_WALLET_HOME, else ~/.ledger/wallet.
/// </summary>
public sealed record WalletProfile
{
    public const string FileName = "profile.json";

    public const string GenesisFileName = "genesis.json";

    public const string JournalFolder = "journal";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public int Version { get; init; } = 1;

    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Absolute path of the key file; the key is not copied into the profile.</summary>
    public string? Key { get; init; }

    public string? PassphraseEnv { get; init; }

    /// <summary>Absolute paths of CRL files, re-read by every command, so a replaced CRL is honoured at once.</summary>
    public IReadOnlyList<string> Crls { get; init; } = [];

    public static string DefaultFolder()
    {
        var configured = Environment.GetEnvironmentVariable("LEDGER_WALLET_HOME");
        return string.IsNullOrEmpty(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ledger", "wallet")
            : configured;
    }

    /// <summary>The profile in <paramref name="folder"/>, or null when it has none.</summary>
    public static WalletProfile? Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WalletProfile>(File.ReadAllText(path), Json)
                ?? throw new CliException($"profile '{path}' is empty");
        }
        catch (JsonException ex)
        {
            throw new CliException($"profile '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Writes a new profile; an existing one is never replaced.</summary>
    public void SaveNew(string folder)
    {
        Directory.CreateDirectory(folder);
        using var stream = new FileStream(Path.Combine(folder, FileName), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(stream, this, Json);
        stream.Flush(flushToDisk: true);
    }
}
