using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>`ledger pki init-org`: a new organisation root CA (ECDSA P-256) with an empty CRL.</summary>
public static class PkiInitOrgCommand
{
    public static Command Create()
    {
        var org = new Option<string>("--org") { Description = "Organisation name (letters, digits, '-', '_', '.')", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to create ca.crt.pem, ca.key.pem and crl.pem in", Required = true };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding a passphrase to encrypt ca.key.pem" };
        var years = new Option<int>("--validity-years") { Description = "CA lifetime in years", DefaultValueFactory = _ => 10 };

        var command = new Command("init-org", "Create an organisation's root CA and its (empty) revocation list");
        command.Options.Add(org);
        command.Options.Add(output);
        command.Options.Add(passphraseEnv);
        command.Options.Add(years);
        command.SetAction(parse => CliGuard.Run(() =>
        {
            string name = parse.GetValue(org)!;
            string dir = parse.GetValue(output)!;
            int validityYears = parse.GetValue(years);
            if (!CertificateNames.IsValidName(name))
            {
                throw new CliException($"'{name}' is not a valid organisation name: use 1-64 letters, digits, '-', '_' or '.'");
            }

            if (validityYears is < 1 or > 50)
            {
                throw new CliException("--validity-years must be between 1 and 50");
            }

            string? passphrase = CliGuard.PassphraseFromEnv(parse.GetValue(passphraseEnv));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var ca = OrganisationCa.Create(name, now.AddDays(-1), now.AddYears(validityYears));
            OrganisationCrl crl = ca.IssueCrl([], now, now.AddDays(365), 0);
            PkiLayout.WriteAllNew(
            [
                new PlannedFile(Path.Combine(dir, PkiLayout.CaCertificateFile), ca.CertificatePem, false),
                new PlannedFile(Path.Combine(dir, PkiLayout.CaKeyFile), ca.ExportKeyPem(passphrase), true),
                new PlannedFile(Path.Combine(dir, PkiLayout.CrlFile), crl.ToPem(), false),
            ]);
            Console.WriteLine($"created CA for organisation '{name}' in {Path.GetFullPath(dir)} (key {(passphrase is null ? "unencrypted" : "encrypted")})");
            return CliExit.Ok;
        }));
        return command;
    }
}
