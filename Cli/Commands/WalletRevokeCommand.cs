using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Membership;
using Ledger.Client.Transfers;
using Ledger.Crypto.Pki;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet revoke --crl CRL`: submits an organisation CA's CRL (from `ledger pki revoke`)
/// as an on-ledger Revoke and waits for its verified commit. From that block, every account
/// enrolled with a listed certificate can neither send nor receive, and peers refuse listed
/// certificates. The authority is the CA's signature on the CRL: whoever holds the CRL may
/// submit it (it adds only what the CA signed). Checked before sending: the CRL parses and is
/// signed by its organisation's genesis CA. Re-running with the same CRL file is safe. The CRL is
/// given with the wallet's own `--crl` option, so it is also honoured for the nodes' TLS
/// certificates while it is submitted (one option, not two of the same name).
/// </summary>
public static class WalletRevokeCommand
{
    private const string Name = "revoke";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the commit before reporting it pending (exit 4)", DefaultValueFactory = _ => 60 };
        var cmd = new Command(Name, "Revoke certificates on the ledger with the organisation's CRL; wait for and verify the commit");
        common.AddTo(cmd, timeout);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                var limit = MembershipLimits.Timeout(parse.GetValue(timeout));
                var context = common.Resolve(parse);
                string[] given = parse.GetValue(common.Crl) ?? [];
                if (given.Length != 1)
                {
                    throw new CliException("name the organisation's CRL to submit with one --crl FILE (e.g. crl.pem written by `ledger pki revoke`)");
                }

                var crl = OrganisationCrl.Parse(CliGuard.ReadFile(given[0], "CRL"));
                var organisation = context.Genesis.Organisations.FirstOrDefault(o => o.Name == crl.Organisation)
                    ?? throw new CliException($"the CRL is of '{crl.Organisation}', which is not a genesis organisation ({string.Join(", ", context.Genesis.Organisations.Select(o => o.Name))})");
                if (!crl.IsSignedBy(PkiPem.ParseCertificate(organisation.CaCertificatePem)))
                {
                    throw new CliException($"the CRL is not signed by the genesis CA of '{crl.Organisation}'");
                }

                var revoke = new Revoke(context.Genesis.ChainId, crl.Organisation, crl.Crl.GetEncoded());
                using var nodes = context.Connect();
                var outcome = await new MembershipClient(nodes, TimeProvider.System, new TransferClientOptions()).SubmitAsync(revoke, limit, ct).ConfigureAwait(false);
                return MembershipReport.Write(output, Name, outcome, $"revocation of {crl.RevokedSerials.Count} certificate(s) of {crl.Organisation} (CRL #{crl.CrlNumber})", new JsonObject
                {
                    ["kind"] = "revoke",
                    ["organisation"] = crl.Organisation,
                    ["crlNumber"] = crl.CrlNumber,
                    ["revokedSerials"] = new JsonArray(crl.RevokedSerials.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                });
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
