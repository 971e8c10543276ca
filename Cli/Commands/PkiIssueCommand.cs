using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>`ledger pki issue`: an identity (Ed25519 signing certificate, plus a TLS certificate for validators).</summary>
public static class PkiIssueCommand
{
    public static Command Create()
    {
        var caDir = new Option<string>("--ca") { Description = "Organisation CA folder (ca.crt.pem, ca.key.pem)", Required = true };
        var role = new Option<string>("--role") { Description = "validator, member or admin", Required = true };
        role.AcceptOnlyFromAmong("validator", "member", "admin");
        var name = new Option<string>("--name") { Description = "Identity name, e.g. org1-v2", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the key and certificate files", Required = true };
        var days = new Option<int>("--validity-days") { Description = "Certificate lifetime in days", DefaultValueFactory = _ => 365 };
        var caPassphraseEnv = new Option<string?>("--ca-passphrase-env") { Description = "Environment variable holding the CA key's passphrase" };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding a passphrase to encrypt the new keys" };

        var command = new Command("issue",
            "Issue an identity: validators get signing.key.pem, signing.crt.pem, tls.crt.pem, tls.key.pem; members and admins get key.pem, cert.pem");
        foreach (Option option in new Option[] { caDir, role, name, output, days, caPassphraseEnv, passphraseEnv })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliGuard.Run(() =>
        {
            string identityName = parse.GetValue(name)!;
            int validityDays = parse.GetValue(days);
            if (!CertificateNames.IsValidName(identityName))
            {
                throw new CliException($"'{identityName}' is not a valid name: use 1-64 letters, digits, '-', '_' or '.'");
            }

            if (validityDays is < 1 or > 3650)
            {
                throw new CliException("--validity-days must be between 1 and 3650");
            }

            OrganisationCa ca = PkiCommandFiles.LoadCa(parse.GetValue(caDir)!, CliGuard.PassphraseFromEnv(parse.GetValue(caPassphraseEnv)));
            string? passphrase = CliGuard.PassphraseFromEnv(parse.GetValue(passphraseEnv));
            CertificateRole certificateRole = CertificateRoles.Parse(parse.GetValue(role)!);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            DateTimeOffset notAfter = now.AddDays(validityDays);
            DateTimeOffset caNotAfter = new(ca.Certificate.NotAfter, TimeSpan.Zero);
            if (notAfter > caNotAfter)
            {
                throw new CliException($"--validity-days {validityDays} reaches past the CA's expiry {caNotAfter:u}");
            }

            using IssuedIdentity identity = IssuedIdentity.Issue(ca, identityName, certificateRole, now.AddMinutes(-5), notAfter);
            string dir = parse.GetValue(output)!;
            PkiLayout.WriteAllNew(identity.Files(dir, passphrase));
            Console.WriteLine($"issued {certificateRole.ToName()} '{identityName}' of '{ca.Organisation}' into {Path.GetFullPath(dir)}");
            Console.WriteLine($"  serial     {CertificateNames.SerialHex(identity.Certificate.SerialNumber)}");
            Console.WriteLine($"  public key {identity.Key.PublicKey.ToHex()}");
            Console.WriteLine($"  valid      {identity.Certificate.NotBefore:u} .. {identity.Certificate.NotAfter:u}");
            return CliExit.Ok;
        }));
        return command;
    }
}
