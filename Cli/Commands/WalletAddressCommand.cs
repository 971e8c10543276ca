using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Addresses;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Org.BouncyCastle.Crypto.Parameters;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet address [--key F | --cert F | --account A]`: prints an account's checksummed
/// address for this network (docs/PROTOCOL.md, "Addresses"): a key file's, a member certificate's,
/// or any account the wallet accepts (address, 64 hex characters, genesis member name, short id);
/// with none of them, the profile's key's. Needs no node. A certificate that genesis's CAs do not
/// vouch for now is reported on stderr; its address is printed all the same, since the key is
/// what it is.
/// </summary>
public static class WalletAddressCommand
{
    private const string Name = "address";

    public static Command Create()
    {
        var profile = new Option<string?>("--profile") { Description = "Wallet profile folder (default: $LEDGER_WALLET_HOME, else ~/.ledger/wallet): its genesis and key are the defaults" };
        var genesis = new Option<string?>("--genesis") { Description = "genesis.json; its chain id gives the address prefix (default: the profile's)" };
        var json = new Option<bool>("--json") { Description = "Answer with one JSON object on stdout" };
        var key = new Option<string?>("--key") { Description = "An Ed25519 key file (PKCS#8 PEM): the address of its public key" };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase" };
        var cert = new Option<string?>("--cert") { Description = "A member's signing certificate (PEM): the address of the key it binds" };
        var account = new Option<string?>("--account") { Description = "An account as the wallet accepts it: address, 64 hex characters, member name or short id" };
        var command = new Command(Name, "Print an account's checksummed address for this network");
        foreach (Option option in new Option[] { profile, genesis, json, key, passphraseEnv, cert, account })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var output = new WalletOutput(parse.GetValue(json), Console.Out, Console.Error);
            return await WalletOptions.GuardAsync(output, Name, () =>
            {
                string folder = Path.GetFullPath(parse.GetValue(profile) is { Length: > 0 } p ? p : WalletProfile.DefaultFolder());
                WalletProfile? saved = WalletProfile.Load(folder);
                string genesisPath = parse.GetValue(genesis) ?? (saved is null ? null : Path.Combine(folder, WalletProfile.GenesisFileName))
                    ?? throw new CliException($"give --genesis, or run `ledger wallet init` to write a profile (none in '{folder}')");
                GenesisDocument document = WalletContext.LoadGenesis(genesisPath);
                var resolver = new AccountResolver(document);
                PublicKey who = Account(parse.GetValue(key), parse.GetValue(passphraseEnv), parse.GetValue(cert), parse.GetValue(account), saved, folder, document, resolver);

                string address = resolver.Addresses.Encode(who);
                var fields = new JsonObject { ["address"] = address, ["account"] = who.ToHex(), ["member"] = resolver.NameOf(who), ["prefix"] = resolver.Addresses.Prefix };
                output.Answer(Name, WalletExit.Ok, address, fields, []);
                return Task.FromResult(WalletExit.Ok);
            }).ConfigureAwait(false);
        });
        return command;
    }

    // Exactly one of --key, --cert, --account; with none, the profile's key.
    private static PublicKey Account(string? keyPath, string? passphraseEnv, string? certPath, string? named, WalletProfile? saved, string folder,
        GenesisDocument genesis, AccountResolver resolver)
    {
        int given = (keyPath is null ? 0 : 1) + (certPath is null ? 0 : 1) + (named is null ? 0 : 1);
        if (given > 1)
        {
            throw new CliException("give one of --key, --cert or --account");
        }

        if (certPath is not null)
        {
            return FromCertificate(CliGuard.ReadFile(certPath, "certificate"), genesis);
        }

        if (named is not null)
        {
            return resolver.Resolve(named).Key;
        }

        string path = keyPath ?? saved?.Key
            ?? throw new CliException($"give --key, --cert or --account, or run `ledger wallet init --key ...` (no key in the profile '{folder}')");
        string? variable = passphraseEnv ?? (keyPath is null ? saved?.PassphraseEnv : null);
        using SigningKey signing = KeyFile.ImportSigningKey(CliGuard.ReadFile(path, "key file"), CliGuard.PassphraseFromEnv(variable));
        return signing.PublicKey;
    }

    private static PublicKey FromCertificate(string pem, GenesisDocument genesis)
    {
        var certificate = PkiPem.ParseCertificate(pem);
        if (certificate.GetPublicKey() is not Ed25519PublicKeyParameters ed25519)
        {
            throw new CliException("the certificate binds no Ed25519 key: an account's address comes from a signing certificate, not a TLS or CA one");
        }

        var judged = CertificateValidator.FromPem(genesis.Organisations.Select(o => o.CaCertificatePem))
            .Validate(certificate, DateTimeOffset.UtcNow, CertificatePurpose.Signing);
        if (!judged.IsValid)
        {
            Console.Error.WriteLine($"note: genesis's organisations do not vouch for this certificate now ({judged.Reason}: {judged.Detail})");
        }

        return new PublicKey(ed25519.GetEncoded());
    }
}
