using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Nodes;
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
/// the set is genesis's, proven; at a later epoch the epoch and root are proven but the set is
/// not (this build fetches no epoch-change proofs), which the answer says.
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
                ValidatorRoster genesisRoster = ValidatorRoster.FromGenesis(context.Genesis);
                // Any account's proof carries the certified header; an absent account proves it as well.
                PublicKey probe = context.Genesis.Members.Count > 0 && PublicKey.TryFromHex(context.Genesis.Members[0].PublicKey, out PublicKey member) ? member : genesisRoster.Validators.FirstOrDefault()?.ConsensusKey ?? default;
                using var nodes = context.Connect();
                var answer = await nodes.FirstVerifiedAsync((c, t) => VerifiedReads.BalanceAsync(c, nodes.Verifier, probe, TimeSpan.FromSeconds(10), t), ct).ConfigureAwait(false);
                var balance = answer.Value.Balance;
                var header = balance.Header ?? throw new CliException("the verified answer carries no state header");
                if (header.Epoch == 0)
                {
                    if (header.ValidatorsRoot != genesisRoster.Root)
                    {
                        throw new WalletFailure(WalletExit.NotVerified, $"node {answer.Node} certifies epoch 0 with validators root {header.ValidatorsRoot.ToShortHex()}, genesis's roster hashes to {genesisRoster.Root.ToShortHex()}");
                    }

                    var fields = Fields(genesisRoster, 0, answer.Node, balance.Height, setProven: true);
                    output.Answer(Name, WalletExit.Ok,
                        Human(genesisRoster, $"epoch 0 at height {balance.Height}: VERIFIED (the QC-certified state header of {answer.Node} names epoch 0 and genesis's roster root)"),
                        fields, answer.Failures);
                    return WalletExit.Ok;
                }

                // A later epoch's set is proven from genesis by the chain of epoch-change proofs
                // (the balance's evidence may already have needed some); the roster must be the one
                // the certified header commits.
                int asked = Math.Max(0, nodes.Names.ToList().IndexOf(answer.Node));
                await EpochProofFetch.ProveAsync(nodes.Client(asked), nodes.Verifier, header.Epoch, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
                ValidatorRoster proven = nodes.Verifier.Epochs.RosterOf(header.Epoch)
                    ?? throw new WalletFailure(WalletExit.NotVerified, $"epoch {header.Epoch} is certified but its set is not proven");
                if (proven.Root != header.ValidatorsRoot)
                {
                    throw new WalletFailure(WalletExit.NotVerified, $"node {answer.Node} certifies epoch {header.Epoch} with validators root {header.ValidatorsRoot.ToShortHex()}, the proven roster hashes to {proven.Root.ToShortHex()}");
                }

                output.Answer(Name, WalletExit.Ok,
                    Human(proven, $"epoch {header.Epoch} at height {balance.Height}: VERIFIED (the QC-certified state header of {answer.Node} names epoch {header.Epoch}; its set proven from genesis by {header.Epoch} epoch-change proof(s))"),
                    Fields(proven, header.Epoch, answer.Node, balance.Height, setProven: true), answer.Failures);
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
