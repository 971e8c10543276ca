using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;
using Org.BouncyCastle.X509;

namespace Ledger.Cli.Commands;

/// <summary>`ledger pki revoke`: adds a certificate to its organisation's CRL and re-signs the CRL.</summary>
public static class PkiRevokeCommand
{
    public static Command Create()
    {
        var caDir = new Option<string>("--ca") { Description = "Organisation CA folder (ca.crt.pem, ca.key.pem, crl.pem)", Required = true };
        var certificate = new Option<string>("--cert") { Description = "PEM certificate to revoke (issued by this CA)", Required = true };
        var crlOut = new Option<string?>("--crl") { Description = "Where to write the updated CRL (default: crl.pem in the CA folder)" };
        var caPassphraseEnv = new Option<string?>("--ca-passphrase-env") { Description = "Environment variable holding the CA key's passphrase" };
        var days = new Option<int>("--next-update-days") { Description = "Days until the CRL's nextUpdate", DefaultValueFactory = _ => 30 };

        var command = new Command("revoke", "Revoke a certificate: add its serial to the organisation CRL and issue the CRL anew");
        foreach (Option option in new Option[] { caDir, certificate, crlOut, caPassphraseEnv, days })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliGuard.Run(() =>
        {
            string dir = parse.GetValue(caDir)!;
            int nextUpdateDays = parse.GetValue(days);
            if (nextUpdateDays is < 1 or > 3650)
            {
                throw new CliException("--next-update-days must be between 1 and 3650");
            }

            OrganisationCa ca = PkiCommandFiles.LoadCa(dir, CliGuard.PassphraseFromEnv(parse.GetValue(caPassphraseEnv)));
            X509Certificate target = PkiPem.ParseCertificate(CliGuard.ReadFile(parse.GetValue(certificate)!, "certificate"));
            if (!target.IssuerDN.Equivalent(ca.Certificate.SubjectDN) || !target.IsSignatureValid(ca.Certificate.GetPublicKey()))
            {
                throw new CliException($"the certificate '{target.SubjectDN}' was not issued by the CA of '{ca.Organisation}'");
            }

            string existingPath = Path.Combine(dir, PkiLayout.CrlFile);
            var serials = new List<string>();
            long crlNumber = 0;
            if (File.Exists(existingPath))
            {
                OrganisationCrl existing = OrganisationCrl.Parse(File.ReadAllText(existingPath));
                if (!existing.IsSignedBy(ca.Certificate))
                {
                    throw new CliException($"'{existingPath}' is not a CRL signed by this CA; refusing to build on it");
                }

                serials.AddRange(existing.RevokedSerials);
                crlNumber = (existing.CrlNumber ?? 0) + 1;
            }

            string serial = CertificateNames.SerialHex(target.SerialNumber);
            bool already = serials.Contains(serial, StringComparer.Ordinal);
            serials.Add(serial);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            OrganisationCrl crl = ca.IssueCrl(serials, now, now.AddDays(nextUpdateDays), crlNumber);
            string outputPath = parse.GetValue(crlOut) ?? existingPath;
            PkiLayout.ReplacePublic(outputPath, crl.ToPem());
            Console.WriteLine(already
                ? $"serial {serial} was already revoked; CRL #{crlNumber} re-issued to {outputPath}"
                : $"revoked serial {serial} ({target.SubjectDN}); CRL #{crlNumber} with {crl.RevokedSerials.Count} entr{(crl.RevokedSerials.Count == 1 ? "y" : "ies")} written to {outputPath}");
            return CliExit.Ok;
        }));
        return command;
    }
}
