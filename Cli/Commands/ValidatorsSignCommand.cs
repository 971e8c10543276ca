using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Validators;
using Ledger.Cli.Wallet;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger validators sign`: an organisation admin approves a change file. Shows what is signed
/// (chain, target epoch, each operation, the SHA-256 of the signing bytes) and the epoch whose
/// roster it was checked against; refuses a change for another chain, a change that does not
/// begin the epoch after the current one, a certificate that is not an admin certificate of an
/// organisation of the current epoch's roster (proven from genesis: a node's certified state header
/// names the epoch, epoch-change proofs prove its roster; with --offline, the epoch before the
/// change's target proven from the profile's cached proofs alone), a key the certificate does not
/// bind, and a second approval of the same organisation; then adds the approval to the file. A
/// roster that cannot be proven is refused (exit 6), never replaced by genesis's.
/// </summary>
public static class ValidatorsSignCommand
{
    private const string Name = "validators sign";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var change = new Option<string>("--change") { Description = "The change file (from `ledger validators propose`); the approval is added to it", Required = true };
        var key = new Option<string>("--key") { Description = "The admin's Ed25519 key (PEM, e.g. orgs/ORG/admin.key.pem)", Required = true };
        var cert = new Option<string>("--cert") { Description = "The admin's certificate (PEM, role admin, issued by its organisation's CA)", Required = true };
        var passphrase = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase, if it is encrypted" };
        var offline = new Option<bool>("--offline") { Description = "Ask no node: check against the roster of the epoch before the change's target, proven from genesis by the profile's cached epoch-proofs.bin (genesis's for target epoch 1); whether the chain is still in that epoch is not checked" };
        var cmd = new Command("sign", "Approve a validator-set change as an organisation admin (checked against the current epoch's proven roster)");
        common.AddTo(cmd, change, key, cert, passphrase, offline);
        cmd.SetAction(async (parse, ct) =>
        {
            var answer = common.Output(parse);
            return await WalletOptions.GuardAsync(answer, Name, async () =>
            {
                string path = parse.GetValue(change)!;
                ValidatorSetChange proposed = ChangeFile.Read(path);
                string certificatePem = CliGuard.ReadFile(parse.GetValue(cert)!, "admin certificate");
                ProvenRoster current;
                GenesisDocument document;
                if (parse.GetValue(offline))
                {
                    string folder = Path.GetFullPath(parse.GetValue(common.Profile) ?? WalletProfile.DefaultFolder());
                    document = WalletContext.LoadGenesis(parse.GetValue(common.Genesis) ?? Path.Combine(folder, WalletProfile.GenesisFileName));
                    CheckChain(proposed, document);
                    current = ProvenRoster.FromCache(document, folder, proposed.TargetEpoch == 0 ? 0 : proposed.TargetEpoch - 1);
                }
                else
                {
                    var context = common.Resolve(parse);
                    document = context.Genesis;
                    CheckChain(proposed, document);
                    using var nodes = context.Connect();
                    current = await ProvenRoster.CurrentAsync(nodes, ct).ConfigureAwait(false);
                }

                CertificateIdentity admin = ApprovalCheck.Judge(proposed, certificatePem, current, DateTimeOffset.UtcNow);
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

                int quorum = current.Roster.OrganisationQuorum;
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
                    ["checkedEpoch"] = current.Epoch,
                    ["checkedValidatorsRoot"] = current.Roster.Root.ToHex(),
                    ["checkedBy"] = current.Provenance,
                };
                answer.Answer(Name, WalletExit.Ok,
                    $"signed as {admin.Name} ({admin.Organisation}): chain {proposed.ChainId}, target epoch {proposed.TargetEpoch}, "
                    + $"{string.Join("; ", proposed.Operations.Select(o => o.Describe()))} (signing bytes SHA-256 {digest}); "
                    + $"checked against the roster of epoch {current.Epoch} ({current.Provenance}); "
                    + $"approved by {organisations.Count} of its {current.Roster.Organisations.Count} organisations ({string.Join(", ", organisations)}), a quorum is {quorum}; written to {path}",
                    fields, current.Failures);
                return WalletExit.Ok;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static void CheckChain(ValidatorSetChange proposed, GenesisDocument genesis)
    {
        if (!string.Equals(proposed.ChainId, genesis.ChainId, StringComparison.Ordinal))
        {
            throw new CliException($"the change is for chain '{proposed.ChainId}', this genesis is chain '{genesis.ChainId}': refusing to sign it");
        }
    }
}
