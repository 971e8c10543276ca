using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Validators;
using Ledger.Cli.Wallet;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger validators sign`: an organisation admin approves a change file. Shows what is signed
/// (chain, target epoch, each operation, the SHA-256 of the signing bytes), refuses a change for
/// another chain, a certificate that is not an admin certificate of a current organisation (the
/// genesis organisations: this build proves no later epoch's), a key the certificate does not bind,
/// and a second approval of the same organisation; then adds the approval to the file.
/// </summary>
public static class ValidatorsSignCommand
{
    private const string Name = "validators sign";

    public static Command Create()
    {
        var genesis = new Option<string>("--genesis") { Description = "genesis.json: the chain and the organisations whose admins may approve", Required = true };
        var change = new Option<string>("--change") { Description = "The change file (from `ledger validators propose`); the approval is added to it", Required = true };
        var key = new Option<string>("--key") { Description = "The admin's Ed25519 key (PEM, e.g. orgs/ORG/admin.key.pem)", Required = true };
        var cert = new Option<string>("--cert") { Description = "The admin's certificate (PEM, role admin, issued by its organisation's CA)", Required = true };
        var passphrase = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase, if it is encrypted" };
        var json = new Option<bool>("--json") { Description = "Answer with one JSON object on stdout" };
        var cmd = new Command("sign", "Approve a validator-set change as an organisation admin");
        foreach (Option option in new Option[] { genesis, change, key, cert, passphrase, json })
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(async (parse, _) =>
        {
            var answer = new WalletOutput(parse.GetValue(json), Console.Out, Console.Error);
            return await WalletOptions.GuardAsync(answer, Name, () =>
            {
                var document = WalletContext.LoadGenesis(parse.GetValue(genesis)!);
                string path = parse.GetValue(change)!;
                ValidatorSetChange proposed = ChangeFile.Read(path);
                if (!string.Equals(proposed.ChainId, document.ChainId, StringComparison.Ordinal))
                {
                    throw new CliException($"the change is for chain '{proposed.ChainId}', this genesis is chain '{document.ChainId}': refusing to sign it");
                }

                string certificatePem = CliGuard.ReadFile(parse.GetValue(cert)!, "admin certificate");
                var verdict = CertificateValidator.FromPem(document.Organisations.Select(o => o.CaCertificatePem))
                    .ValidatePem(certificatePem, DateTimeOffset.UtcNow, CertificatePurpose.Signing, CertificateRole.Admin);
                if (verdict.Identity is not { } admin)
                {
                    throw new CliException($"the certificate is not an admin certificate of a current organisation ({verdict.Reason}: {verdict.Detail})");
                }

                using SigningKey adminKey = KeyFile.ImportSigningKey(CliGuard.ReadFile(parse.GetValue(key)!, "key file"), CliGuard.PassphraseFromEnv(parse.GetValue(passphrase)));
                if (admin.SigningKey != adminKey.PublicKey)
                {
                    throw new CliException($"the key {adminKey.PublicKey.ToShortHex()} is not the one the certificate of '{admin.Name}' binds");
                }

                var approvedBy = proposed.Approvals.Select(a => ChangeFile.ApprovalJson(a)["organisation"]?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                if (approvedBy.Contains(admin.Organisation))
                {
                    throw new CliException($"'{admin.Organisation}' has already approved this change (an organisation counts once)");
                }

                byte[] der = PkiPem.ParseCertificate(certificatePem).GetEncoded();
                ValidatorSetChange approved = proposed.WithApproval(proposed.Approve(adminKey, der));
                ChangeFile.Write(path, approved, overwrite: true);

                int quorum = ValidatorRoster.FromGenesis(document).OrganisationQuorum;
                string digest = Hash32.Sha256(proposed.SigningBytes()).ToHex();
                List<string> organisations = [.. approvedBy.OfType<string>().Append(admin.Organisation).Order(StringComparer.Ordinal)];
                var fields = new JsonObject
                {
                    ["file"] = path,
                    ["chainId"] = proposed.ChainId,
                    ["targetEpoch"] = proposed.TargetEpoch,
                    ["operations"] = new JsonArray([.. proposed.Operations.Select(o => (JsonNode)JsonValue.Create(o.Describe()))]),
                    ["signingBytesSha256"] = digest,
                    ["admin"] = admin.Name,
                    ["organisation"] = admin.Organisation,
                    ["approvingOrganisations"] = new JsonArray([.. organisations.Select(o => (JsonNode)JsonValue.Create(o)!)]),
                    ["quorum"] = quorum,
                };
                answer.Answer(Name, WalletExit.Ok,
                    $"signed as {admin.Name} ({admin.Organisation}): chain {proposed.ChainId}, target epoch {proposed.TargetEpoch}, "
                    + $"{string.Join("; ", proposed.Operations.Select(o => o.Describe()))} (signing bytes SHA-256 {digest}); "
                    + $"approved by {organisations.Count} of the {document.Organisations.Count} genesis organisations ({string.Join(", ", organisations)}), a quorum is {quorum}; written to {path}",
                    fields, []);
                return Task.FromResult(WalletExit.Ok);
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
