using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Validators;
using Ledger.Cli.Wallet;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Genesis;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger validators list`: the validator set in force. `--offline`: genesis's (epoch 0), from
/// genesis alone. Otherwise a node's QC-certified state header (verified against genesis like a
/// balance) proves the current epoch and its roster root: at epoch 0 with genesis's roster root
/// the set is genesis's; at a later epoch the set is proven from genesis by epoch-change proofs
/// and must hash to that root (<see cref="ProvenRoster.CurrentAsync"/>).
/// </summary>
public static class ValidatorsListCommand
{
    private const string Name = "validators list";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var offline = new Option<bool>("--offline") { Description = "From genesis alone: the set of epoch 0, no node asked" };
        var cmd = new Command("list", "List the validator set in force: from genesis alone, or proven by a node's certified state header");
        common.AddTo(cmd, offline);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                if (parse.GetValue(offline))
                {
                    string path = parse.GetValue(common.Genesis) ?? Path.Combine(parse.GetValue(common.Profile) ?? WalletProfile.DefaultFolder(), WalletProfile.GenesisFileName);
                    GenesisDocument genesis = WalletContext.LoadGenesis(path);
                    ValidatorRoster roster = ValidatorRoster.FromGenesis(genesis);
                    var fields = Fields(roster, 0, "genesis", null, setProven: true);
                    output.Answer(Name, WalletExit.Ok, Human(roster, $"epoch 0 (genesis), from {path} alone, no node asked"), fields, []);
                    return WalletExit.Ok;
                }

                var context = common.Resolve(parse);
                using var nodes = context.Connect();
                ProvenRoster current = await ProvenRoster.CurrentAsync(nodes, ct).ConfigureAwait(false);
                output.Answer(Name, WalletExit.Ok,
                    Human(current.Roster, $"epoch {current.Epoch}: VERIFIED ({current.Provenance})"),
                    Fields(current.Roster, current.Epoch, current.Node ?? "genesis", current.Height, setProven: true), current.Failures);
                return WalletExit.Ok;
            }).ConfigureAwait(false);
        });
        return cmd;
    }

    private static JsonObject Fields(ValidatorRoster roster, ulong epoch, string source, ulong? height, bool setProven) => new()
    {
        ["epoch"] = epoch,
        ["validatorsRoot"] = roster.Root.ToHex(),
        ["source"] = source,
        ["provenAtHeight"] = height,
        ["epochProven"] = true,
        ["setProven"] = setProven,
        ["quorum"] = roster.OrganisationQuorum,
        ["organisations"] = new JsonArray([.. roster.Organisations.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["caSha256"] = Hash32.Sha256(o.CaCertificateDer).ToHex(),
        })]),
        ["validators"] = new JsonArray([.. roster.Validators.Select((v, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["organisation"] = v.Organisation,
            ["name"] = CommonName(v.SigningCertificateDer),
            ["consensusKey"] = v.ConsensusKey.ToHex(),
            ["signingSerial"] = Serial(v.SigningCertificateDer),
            ["tlsSerial"] = Serial(v.TlsCertificateDer),
        })]),
    };

    private static string Human(ValidatorRoster roster, string provenance)
    {
        var lines = new List<string>
        {
            $"validator set of {provenance}: {roster.Validators.Count} validators of {roster.Organisations.Count} organisations, roster root {roster.Root.ToHex()}, approvals needed from {roster.OrganisationQuorum} organisations",
        };
        lines.AddRange(roster.Validators.Select((v, i) => $"  {i}: {CommonName(v.SigningCertificateDer)} ({v.Organisation}) consensus key {v.ConsensusKey.ToHex()}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string? CommonName(byte[] der) => CertificateNames.Get(PkiPem.ParseCertificateDer(der).SubjectDN, X509Name.CN);

    private static string Serial(byte[] der) => CertificateNames.SerialHex(PkiPem.ParseCertificateDer(der).SerialNumber);
}
