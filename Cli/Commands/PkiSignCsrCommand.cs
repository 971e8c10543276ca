using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger pki sign-csr`: the organisation's CA issues a member certificate from a member's
/// PKCS#10 request (`ledger wallet keygen`), never seeing the private key. The request must
/// carry an Ed25519 key, verify under its own self-signature (proof the requester holds the key),
/// name this CA's organisation and ask for no role but member; otherwise nothing is issued and the
/// command exits 1 with the reason. Issued through the CA's own issuance, so the certificate has
/// the same profile as `ledger pki issue`'s.
/// </summary>
public static class PkiSignCsrCommand
{
    public static Command Create()
    {
        var caDir = new Option<string>("--ca") { Description = "Organisation CA folder (ca.crt.pem, ca.key.pem)", Required = true };
        var request = new Option<string>("--csr") { Description = "The member's certificate request (PEM), e.g. request.csr.pem from `ledger wallet keygen`", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the member certificate (PEM); never replaced", Required = true };
        var days = new Option<int>("--validity-days") { Description = "Certificate lifetime in days", DefaultValueFactory = _ => 365 };
        var caPassphraseEnv = new Option<string?>("--ca-passphrase-env") { Description = "Environment variable holding the CA key's passphrase" };

        var command = new Command("sign-csr", "Issue a member certificate from a certificate request (the private key stays with the member)");
        foreach (Option option in new Option[] { caDir, request, output, days, caPassphraseEnv })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliGuard.Run(() =>
        {
            int validityDays = parse.GetValue(days);
            if (validityDays is < 1 or > 3650)
            {
                throw new CliException("--validity-days must be between 1 and 3650");
            }

            OrganisationCa ca = PkiCommandFiles.LoadCa(parse.GetValue(caDir)!, CliGuard.PassphraseFromEnv(parse.GetValue(caPassphraseEnv)));
            string requestText = CliGuard.ReadFile(parse.GetValue(request)!, "certificate request");
            DateTimeOffset now = DateTimeOffset.UtcNow;
            DateTimeOffset notAfter = now.AddDays(validityDays);
            DateTimeOffset caNotAfter = new(ca.Certificate.NotAfter, TimeSpan.Zero);
            if (notAfter > caNotAfter)
            {
                throw new CliException($"--validity-days {validityDays} reaches past the CA's expiry {caNotAfter:u}");
            }

            Org.BouncyCastle.X509.X509Certificate certificate;
            MemberCertificateRequest parsed;
            try
            {
                parsed = MemberCertificateRequest.Parse(requestText);
                certificate = parsed.IssueBy(ca, now.AddMinutes(-5), notAfter);
            }
            catch (CertificateRequestException refused)
            {
                Console.WriteLine($"REFUSED {refused.Rejection}: {refused.Message}; nothing was issued");
                return CliExit.Rejected;
            }

            string path = parse.GetValue(output)!;
            PkiLayout.WriteAllNew([new PlannedFile(path, PkiPem.ToPem(certificate), Secret: false)]);
            Console.WriteLine($"issued member '{parsed.Name}' of '{ca.Organisation}' to {Path.GetFullPath(path)}");
            Console.WriteLine($"  serial     {CertificateNames.SerialHex(certificate.SerialNumber)}");
            Console.WriteLine($"  public key {parsed.Key.ToHex()}");
            Console.WriteLine($"  valid      {certificate.NotBefore:u} .. {certificate.NotAfter:u}");
            return CliExit.Ok;
        }));
        return command;
    }
}
