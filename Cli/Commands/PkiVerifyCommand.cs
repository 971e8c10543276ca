using System.CommandLine;
using System.Globalization;
using Ledger.Cli.Support;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace Ledger.Cli.Commands;

/// <summary>`ledger pki verify`: exit 0 only when the certificate is valid; otherwise print the reason and exit 1.</summary>
public static class PkiVerifyCommand
{
    public static Command Create()
    {
        var certificate = new Argument<string>("cert") { Description = "PEM certificate to check" };
        var trust = new Option<string[]>("--trust")
        {
            Description = "Trusted CA: an organisation folder (its ca.crt.pem, and crl.pem if present) or a CA certificate file; repeatable",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var crls = new Option<string[]>("--crl") { Description = "Extra CRL files to honour; repeatable", AllowMultipleArgumentsPerToken = true };
        var role = new Option<string?>("--role") { Description = "Require this role (validator, member, admin)" };
        role.AcceptOnlyFromAmong("validator", "member", "admin");
        var purpose = new Option<string?>("--purpose") { Description = "signing or tls (default: from the key type)" };
        purpose.AcceptOnlyFromAmong("signing", "tls");
        var at = new Option<string?>("--at") { Description = "Judge at this ISO-8601 time instead of now" };

        var command = new Command("verify", "Check a certificate against trusted organisation CAs and their CRLs");
        command.Arguments.Add(certificate);
        foreach (Option option in new Option[] { trust, crls, role, purpose, at })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliGuard.Run(() =>
        {
            var cas = new List<X509Certificate>();
            var crlList = new List<OrganisationCrl>();
            foreach (string path in parse.GetValue(trust) ?? [])
            {
                if (Directory.Exists(path))
                {
                    cas.Add(PkiPem.ParseCertificate(CliGuard.ReadFile(Path.Combine(path, PkiLayout.CaCertificateFile), "CA certificate")));
                    string crlPath = Path.Combine(path, PkiLayout.CrlFile);
                    if (File.Exists(crlPath))
                    {
                        crlList.Add(OrganisationCrl.Parse(File.ReadAllText(crlPath)));
                    }
                }
                else
                {
                    cas.AddRange(PkiPem.ParseCertificates(CliGuard.ReadFile(path, "trusted CA certificate")));
                }
            }

            foreach (string path in parse.GetValue(crls) ?? [])
            {
                crlList.Add(OrganisationCrl.Parse(CliGuard.ReadFile(path, "CRL")));
            }

            DateTimeOffset when = ParseTime(parse.GetValue(at));
            RevocationList revocations = RevocationList.FromCrls(crlList, cas);
            foreach (OrganisationCrl stale in crlList.Where(c => !c.IsCurrent(when)))
            {
                Console.Error.WriteLine($"warning: the CRL of '{stale.Organisation}' is not current at {when:u} (nextUpdate {stale.NextUpdate:u}); its revocations still apply");
            }

            X509Certificate target = PkiPem.ParseCertificate(CliGuard.ReadFile(parse.GetValue(certificate)!, "certificate"));
            CertificatePurpose certificatePurpose = parse.GetValue(purpose) switch
            {
                "signing" => CertificatePurpose.Signing,
                "tls" => CertificatePurpose.Tls,
                _ => target.GetPublicKey() is Ed25519PublicKeyParameters ? CertificatePurpose.Signing : CertificatePurpose.Tls,
            };
            CertificateRole? requiredRole = parse.GetValue(role) is string r ? CertificateRoles.Parse(r) : null;

            CertificateValidationResult result = new CertificateValidator(cas, revocations).Validate(target, when, certificatePurpose, requiredRole);
            if (!result.IsValid)
            {
                Console.WriteLine($"INVALID {result.Reason}: {result.Detail}");
                return CliExit.Rejected;
            }

            CertificateIdentity id = result.Identity;
            Console.WriteLine($"VALID {certificatePurpose.ToString().ToLowerInvariant()} certificate of {id.Name}: role {id.Role.ToName()}, organisation {id.Organisation}, serial {id.SerialHex}");
            if (id.SigningKey is { } key)
            {
                Console.WriteLine($"  ed25519 public key {key.ToHex()}");
            }

            Console.WriteLine($"  valid {id.NotBefore:u} .. {id.NotAfter:u}");
            return CliExit.Ok;
        }));
        return command;
    }

    private static DateTimeOffset ParseTime(string? text)
    {
        if (text is null)
        {
            return DateTimeOffset.UtcNow;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed)
            ? parsed
            : throw new CliException($"--at '{text}' is not an ISO-8601 time (e.g. 2026-06-01T00:00:00Z)");
    }
}
