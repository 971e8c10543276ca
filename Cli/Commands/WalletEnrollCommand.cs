using System.CommandLine;
using System.Text.Json.Nodes;
using Ledger.Addresses;
using Ledger.Cli.Support;
using Ledger.Cli.Wallet;
using Ledger.Client.Membership;
using Ledger.Client.Transfers;
using Ledger.Crypto.Pki;
using Ledger.Transactions;

namespace Ledger.Cli.Commands;

/// <summary>
/// `ledger wallet enroll --cert CERT`: submits an Enroll for a member certificate issued by a
/// genesis organisation's CA and waits for its verified commit. The Enroll carries the member's
/// proof of possession (its key signs the certificate), so the member key signs here; the
/// organisation's authority is the CA's signature on the certificate (docs/PROTOCOL.md,
/// "Transactions"). Checked before sending: the certificate parses and binds this key. The
/// transaction is deterministic, so re-running the command is safe.
/// </summary>
public static class WalletEnrollCommand
{
    private const string Name = "enroll";

    public static Command Create()
    {
        var common = WalletCommonOptions.Create();
        var certificate = new Option<string>("--cert") { Description = "The member certificate (PEM) from `ledger pki sign-csr`", Required = true };
        var key = new Option<string?>("--key") { Description = "The member's Ed25519 key file, PKCS#8 PEM, that the certificate binds (default: the profile's)" };
        var passphraseEnv = new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the commit before reporting it pending (exit 4)", DefaultValueFactory = _ => 60 };
        var cmd = new Command(Name, "Enroll a member on the ledger with its certificate; wait for and verify the commit");
        common.AddTo(cmd, certificate, key, passphraseEnv, timeout);
        cmd.SetAction(async (parse, ct) =>
        {
            var output = common.Output(parse);
            return await WalletOptions.GuardAsync(output, Name, async () =>
            {
                var limit = MembershipLimits.Timeout(parse.GetValue(timeout));
                var context = common.Resolve(parse);
                var parsed = PkiPem.ParseCertificate(CliGuard.ReadFile(parse.GetValue(certificate)!, "certificate"));
                using var member = context.LoadKey(parse.GetValue(key), parse.GetValue(passphraseEnv));
                var identity = new CertificateValidator(context.Genesis.Organisations.Select(o => PkiPem.ParseCertificate(o.CaCertificatePem)))
                    .Validate(parsed, DateTimeOffset.UtcNow, CertificatePurpose.Signing, CertificateRole.Member);
                if (!identity.IsValid)
                {
                    throw new CliException($"the certificate is not a valid member certificate of a genesis organisation: {identity.Reason}: {identity.Detail}");
                }

                if (identity.Identity.SigningKey != member.PublicKey)
                {
                    throw new CliException($"the certificate binds {identity.Identity.SigningKey?.ToHex()}, not this key {member.PublicKey.ToHex()}: give the member's --key");
                }

                var enroll = Enroll.Create(context.Genesis.ChainId, member, parsed.GetEncoded());
                using var nodes = context.Connect();
                var outcome = await new MembershipClient(nodes, TimeProvider.System, new TransferClientOptions()).SubmitAsync(enroll, limit, ct).ConfigureAwait(false);
                var id = identity.Identity;
                return MembershipReport.Write(output, Name, outcome, $"enrolment of {id.Name} ({id.Organisation})", new JsonObject
                {
                    ["kind"] = "enroll",
                    ["account"] = member.PublicKey.ToHex(),
                    ["address"] = AddressCodec.ForChain(context.Genesis.ChainId).Encode(member.PublicKey),
                    ["organisation"] = id.Organisation,
                    ["name"] = id.Name,
                    ["certificateSerial"] = id.SerialHex,
                });
            }).ConfigureAwait(false);
        });
        return cmd;
    }
}
