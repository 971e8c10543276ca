using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Validators;
using Ledger.Cli.Wallet;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger validators propose`: writes a change file (no approvals yet) from genesis and the
/// certificates given: add an organisation (its CA and its validator's signing and TLS
/// certificates, the consensus key read from the signing certificate), remove organisations,
/// replace a validator's consensus key or TLS certificate. Operations apply in that order.
/// Nothing is signed or sent.
/// </summary>
public static class ValidatorsProposeCommand
{
    private const string Name = "validators propose";

    public static Command Create()
    {
        var genesis = new Option<string>("--genesis") { Description = "genesis.json (its chain id goes into the change)", Required = true };
        var epoch = new Option<ulong>("--target-epoch") { Description = "The epoch the change begins: the current epoch + 1 (genesis is epoch 0)", DefaultValueFactory = _ => 1 };
        var addOrg = new Option<string?>("--add-org") { Description = "Add this organisation (with --ca and --validator)" };
        var ca = new Option<string?>("--ca") { Description = "The added organisation's CA certificate (PEM)" };
        var validator = new Option<string?>("--validator") { Description = "Folder of the added organisation's validator, holding signing.crt.pem and tls.crt.pem (as `ledger pki issue --role validator` writes it)" };
        var removeOrg = new Option<string[]>("--remove-org") { Description = "Remove this organisation and its validators; repeat for several" };
        var rotateKey = new Option<string?>("--rotate-key") { Description = "Replace the consensus key of the validator holding this key (64 hex) with the key of --signing-cert" };
        var signingCert = new Option<string?>("--signing-cert") { Description = "The rotated validator's new signing certificate (PEM)" };
        var replaceTls = new Option<string?>("--replace-tls") { Description = "Replace the TLS certificate of the validator holding this consensus key (64 hex) with --tls-cert" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "The validator's new TLS certificate (PEM)" };
        var output = new Option<string>("--out") { Description = "The change file to write (refused if it exists)", Required = true };
        var json = new Option<bool>("--json") { Description = "Answer with one JSON object on stdout" };
        var cmd = new Command("propose", "Write a validator-set change file for admins to approve");
        foreach (Option option in new Option[] { genesis, epoch, addOrg, ca, validator, removeOrg, rotateKey, signingCert, replaceTls, tlsCert, output, json })
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(async (parse, _) =>
        {
            var answer = new WalletOutput(parse.GetValue(json), Console.Out, Console.Error);
            return await WalletOptions.GuardAsync(answer, Name, () =>
            {
                var document = WalletContext.LoadGenesis(parse.GetValue(genesis)!);
                var operations = new List<ValidatorSetOperation>();
                if (parse.GetValue(addOrg) is { } organisation)
                {
                    string folder = parse.GetValue(validator) ?? throw new CliException("--add-org needs --validator FOLDER (signing.crt.pem, tls.crt.pem)");
                    var signing = PkiPem.ParseCertificate(CliGuard.ReadFile(Path.Combine(folder, "signing.crt.pem"), "signing certificate"));
                    var tls = PkiPem.ParseCertificate(CliGuard.ReadFile(Path.Combine(folder, "tls.crt.pem"), "TLS certificate"));
                    var caCertificate = PkiPem.ParseCertificate(CliGuard.ReadFile(parse.GetValue(ca) ?? throw new CliException("--add-org needs --ca CA_CERTIFICATE"), "CA certificate"));
                    operations.Add(new AddOrganisation(organisation, caCertificate.GetEncoded(), KeyOf(signing), signing.GetEncoded(), tls.GetEncoded()));
                }

                if (parse.GetValue(rotateKey) is { } current)
                {
                    var signing = PkiPem.ParseCertificate(CliGuard.ReadFile(parse.GetValue(signingCert) ?? throw new CliException("--rotate-key needs --signing-cert FILE"), "signing certificate"));
                    operations.Add(new ReplaceConsensusKey(ParseKey(current, "--rotate-key"), KeyOf(signing), signing.GetEncoded()));
                }

                if (parse.GetValue(replaceTls) is { } holder)
                {
                    var tls = PkiPem.ParseCertificate(CliGuard.ReadFile(parse.GetValue(tlsCert) ?? throw new CliException("--replace-tls needs --tls-cert FILE"), "TLS certificate"));
                    operations.Add(new ReplaceTlsCertificate(ParseKey(holder, "--replace-tls"), tls.GetEncoded()));
                }

                operations.AddRange((parse.GetValue(removeOrg) ?? []).Select(o => new RemoveOrganisation(o)));
                if (operations.Count == 0)
                {
                    throw new CliException("name at least one operation: --add-org, --remove-org, --rotate-key or --replace-tls");
                }

                var change = ValidatorSetChange.Create(document.ChainId, parse.GetValue(epoch), operations);
                string path = parse.GetValue(output)!;
                ChangeFile.Write(path, change, overwrite: false);
                var fields = new JsonObject
                {
                    ["file"] = path,
                    ["chainId"] = change.ChainId,
                    ["targetEpoch"] = change.TargetEpoch,
                    ["operations"] = new JsonArray([.. change.Operations.Select(o => (JsonNode)JsonValue.Create(o.Describe()))]),
                    ["signingBytesSha256"] = Hash32.Sha256(change.SigningBytes()).ToHex(),
                };
                answer.Answer(Name, WalletExit.Ok,
                    $"wrote {path}: chain {change.ChainId}, target epoch {change.TargetEpoch}, {string.Join("; ", change.Operations.Select(o => o.Describe()))}; no approvals yet (admins add theirs with `ledger validators sign`)",
                    fields, []);
                return Task.FromResult(WalletExit.Ok);
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static PublicKey KeyOf(Org.BouncyCastle.X509.X509Certificate signing) =>
        signing.GetPublicKey() is Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters ed25519
            ? new PublicKey(ed25519.GetEncoded())
            : throw new CliException("the signing certificate holds no Ed25519 key");

    private static PublicKey ParseKey(string text, string option) =>
        PublicKey.TryFromHex(text, out PublicKey key) ? key : throw new CliException($"{option} takes a consensus key as 64 hex characters, not '{text}'");
}
