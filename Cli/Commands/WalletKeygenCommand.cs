using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Addresses;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet keygen`: a new member key (Ed25519, PKCS#8 PEM, encrypted when a passphrase is
/// given) and a PKCS#10 certificate request signed with it, for the organisation's CA
/// (`ledger pki sign-csr`). The key is written here and never sent anywhere; only the request
/// (public key, organisation, name) is meant to leave this machine. Never replaces a file.
/// </summary>
public static class WalletKeygenCommand
{
    public const string KeyFileName = "key.pem";

    public const string RequestFileName = "request.csr.pem";

    private const string Name = "keygen";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = $"Folder for {KeyFileName} (the private key) and {RequestFileName} (the certificate request)", Required = true };
        var org = new Option<string>("--org") { Description = "Your organisation, as its CA names it (e.g. org1)", Required = true };
        var name = new Option<string>("--name") { Description = "Your member name (1-64 letters, digits, '-', '_', '.')", Required = true };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding a passphrase to encrypt the key (recommended)" };
        var genesis = new Option<string?>("--genesis") { Description = "genesis.json, to print the key's address on that chain (optional)" };
        var json = new Option<bool>("--json") { Description = "Answer with one JSON object on stdout (fields in README.md)" };
        var cmd = new Command(Name, "Make a member key and a certificate request for your organisation's CA; the key never leaves this machine");
        foreach (Option option in new Option[] { output, org, name, passphraseEnv, genesis, json })
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(parse =>
        {
            var writer = new WalletOutput(parse.GetValue(json), Console.Out, Console.Error);
            return WalletOptions.GuardAsync(writer, Name, () =>
            {
                string organisation = parse.GetValue(org)!;
                string memberName = parse.GetValue(name)!;
                foreach (var (what, value) in new[] { ("organisation", organisation), ("name", memberName) })
                {
                    if (!CertificateNames.IsValidName(value))
                    {
                        throw new CliException($"'{value}' is not a valid {what}: use 1-64 letters, digits, '-', '_' or '.', not starting with '.' or '-'");
                    }
                }

                string? passphrase = CliGuard.PassphraseFromEnv(parse.GetValue(passphraseEnv));
                var chain = parse.GetValue(genesis) is { } genesisPath ? WalletContext.LoadGenesis(genesisPath).ChainId : null;
                string folder = Path.GetFullPath(parse.GetValue(output)!);
                string keyPath = Path.Combine(folder, KeyFileName);
                string requestPath = Path.Combine(folder, RequestFileName);

                using var key = SigningKey.Generate();
                var request = MemberCertificateRequest.Create(key, organisation, memberName);
                PkiLayout.WriteAllNew(
                [
                    new PlannedFile(keyPath, KeyFile.ExportSigningKey(key, passphrase), Secret: true),
                    new PlannedFile(requestPath, request.ToPem(), Secret: false),
                ]);

                string account = key.PublicKey.ToHex();
                string? address = chain is null ? null : AddressCodec.ForChain(chain).Encode(key.PublicKey);
                string human = $"member key for '{memberName}' of '{organisation}' written to {keyPath} ({(passphrase is null ? "unencrypted: consider --passphrase-env" : "encrypted")}); "
                    + $"certificate request {requestPath}: send it to your organisation's admin (`ledger pki sign-csr`), keep the key. "
                    + $"Account {account}{(address is null ? string.Empty : $", address {address}")}";
                writer.Answer(Name, WalletExit.Ok, human, new JsonObject
                {
                    ["organisation"] = organisation,
                    ["name"] = memberName,
                    ["account"] = account,
                    ["address"] = address,
                    ["key"] = keyPath,
                    ["keyEncrypted"] = passphrase is not null,
                    ["certificateRequest"] = requestPath,
                }, []);
                return Task.FromResult(WalletExit.Ok);
            });
        });
        return cmd;
    }
}
