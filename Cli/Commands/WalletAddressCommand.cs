using System.CommandLine;
using Ledger.Addresses;
using Ledger.Cli.Support;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Org.BouncyCastle.Crypto.Parameters;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet address --genesis G (--key F | --cert F | --account A)`: prints the account's
/// checksummed address for this network (docs/PROTOCOL.md, "Addresses"), alone on stdout, for a
/// key file, a member certificate, or any account the wallet accepts (address, 64 hex characters,
/// genesis member name, short id). Needs no node. A certificate that genesis's CAs do not vouch for
/// now is reported on stderr; its address is printed all the same, since the key is what it is.
/// </summary>
public static class WalletAddressCommand
{
    public static Command Create()
    {
        var genesis = new Option<string>("--genesis") { Description = "genesis.json (its chain id gives the address prefix)", Required = true };
        var key = new Option<string?>("--key") { Description = "An Ed25519 key file (PKCS#8 PEM): the address of its public key" };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase" };
        var cert = new Option<string?>("--cert") { Description = "A member's signing certificate (PEM): the address of the key it binds" };
        var account = new Option<string?>("--account") { Description = "An account as the wallet accepts it: address, 64 hex characters, member name or short id" };
        var command = new Command("address", "Print an account's checksummed address for this network");
        foreach (Option option in new Option[] { genesis, key, passphraseEnv, cert, account })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliGuard.Run(() =>
        {
            GenesisDocument document = GenesisDocument.FromJson(CliGuard.ReadFile(parse.GetValue(genesis)!, "genesis file"));
            var resolver = new AccountResolver(document);
            string? keyPath = parse.GetValue(key);
            string? certPath = parse.GetValue(cert);
            string? named = parse.GetValue(account);
            if ((keyPath is null ? 0 : 1) + (certPath is null ? 0 : 1) + (named is null ? 0 : 1) != 1)
            {
                throw new CliException("give exactly one of --key, --cert or --account");
            }

            PublicKey who;
            if (keyPath is not null)
            {
                using SigningKey signing = KeyFile.ImportSigningKey(CliGuard.ReadFile(keyPath, "key file"), CliGuard.PassphraseFromEnv(parse.GetValue(passphraseEnv)));
                who = signing.PublicKey;
            }
            else if (certPath is not null)
            {
                who = FromCertificate(CliGuard.ReadFile(certPath, "certificate"), document);
            }
            else
            {
                who = resolver.Resolve(named!).Key;
            }

            Console.WriteLine(resolver.Addresses.Encode(who));
            return CliExit.Ok;
        }));
        return command;
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
