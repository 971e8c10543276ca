using System.Text.Json;
using Ledger.Cli.Support;
using Ledger.Cli.Validators;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Execution;
using Ledger.Genesis;
using Ledger.Membership;
using Ledger.State;
using Ledger.Transactions;

namespace Ledger.Cli.Tests;

/// <summary>`ledger validators propose|sign|list` as admins run them on a four-organisation testnet.</summary>
public sealed class ValidatorsCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "validators-cli-" + Guid.NewGuid().ToString("N"));

    public ValidatorsCommandTests()
    {
        Directory.CreateDirectory(_dir);
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--out", P("net"), "--members-per-org", "1").ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    private string Genesis => P("net/genesis.json");

    // --offline: the roster of the epoch before the change's target, from genesis and the
    // profile's cached proofs (none here), so target epoch 1 is checked against genesis's.
    private (int Code, string Output, string Error) Sign(int org, string? genesis = null, string? cert = null, string? key = null) =>
        CliRunner.Run("validators", "sign", "--offline", "--profile", P("profile"), "--genesis", genesis ?? Genesis, "--change", P("change.json"),
            "--key", key ?? P($"net/orgs/org{org}/admin.key.pem"), "--cert", cert ?? P($"net/orgs/org{org}/admin.crt.pem"), "--json");

    private void ProposeAcme(ulong targetEpoch = 1)
    {
        Assert.Equal(0, CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme")).ExitCode);
        Assert.Equal(0, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "validator", "--name", "acme-v1", "--out", P("acme-v1")).ExitCode);
        var (code, _, error) = CliRunner.Run("validators", "propose", "--genesis", Genesis, "--add-org", "acme", "--ca", P("acme/ca.crt.pem"),
            "--validator", P("acme-v1"), "--target-epoch", targetEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", P("change.json"));
        Assert.True(code == 0, error);
    }

    // Epoch 1 as the acme change makes it: genesis's roster with acme and its validator appended.
    private ProvenRoster EpochOneWithAcme()
    {
        ValidatorRoster genesis = ValidatorRoster.FromGenesis(GenesisDocument.Load(Genesis));
        var add = (AddOrganisation)ChangeFile.Read(P("change.json")).Operations[0];
        ValidatorRoster roster = ValidatorRoster.Create(
            [.. genesis.Organisations, new OrganisationEntry(add.Organisation, add.CaCertificateDer)],
            [.. genesis.Validators, new ValidatorEntry(add.Organisation, add.ConsensusKey, add.SigningCertificateDer, add.TlsCertificateDer)]);
        return new ProvenRoster(1, roster, "made up by the test", null, null, []);
    }

    [Fact]
    public void ProposeThenSignByThreeAdmins_GivesAChangeTheLedgerRulesAccept()
    {
        ProposeAcme();
        foreach (int org in new[] { 1, 2 })
        {
            Assert.Equal(0, Sign(org).Code);
        }

        var (code, output, error) = Sign(3);

        Assert.True(code == 0, error);
        JsonElement answer = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, answer.GetProperty("approvingOrganisations").GetArrayLength());
        Assert.Equal(3, answer.GetProperty("quorum").GetInt32());
        ValidatorSetChange change = ChangeFile.Read(P("change.json"));
        GenesisDocument genesis = GenesisDocument.Load(Genesis);
        var membership = MembershipAuthority.FromGenesis(genesis);
        LedgerState state = GenesisState.Build(genesis, membership);
        var rules = LedgerRules.From(genesis) with { ValidatorSetChangesEnabled = true };
        AdmissionResult verdict = MembershipAdmission.CheckValidatorSetChange(change, state, rules, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(verdict.Accepted, verdict.ToString());
    }

    [Fact]
    public void Propose_ExistingFile_IsRefusedWithoutReplacingIt()
    {
        ProposeAcme();
        string before = File.ReadAllText(P("change.json"));

        var (code, _, _) = CliRunner.Run("validators", "propose", "--genesis", Genesis, "--remove-org", "org4", "--out", P("change.json"));

        Assert.Equal(2, code);
        Assert.Equal(before, File.ReadAllText(P("change.json")));
    }

    [Fact]
    public void Sign_MemberCertificate_IsRefusedAsNotAnAdmin()
    {
        ProposeAcme();
        var (code, output, _) = Sign(1, cert: P("net/members/org1-m1/cert.pem"), key: P("net/members/org1-m1/key.pem"));
        Assert.Equal(2, code);
        Assert.Contains("not an admin certificate of a current organisation", output, StringComparison.Ordinal);
        Assert.Empty(ChangeFile.Read(P("change.json")).Approvals);
    }

    [Fact]
    public void Sign_ChangeForAnotherChain_IsRefused()
    {
        ProposeAcme();
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--out", P("other"), "--chain-id", "other-chain").ExitCode);
        var (code, output, _) = Sign(1, genesis: P("other/genesis.json"), cert: P("other/orgs/org1/admin.crt.pem"), key: P("other/orgs/org1/admin.key.pem"));
        Assert.Equal(2, code);
        Assert.Contains("refusing to sign it", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_SameOrganisationTwice_IsRefused()
    {
        ProposeAcme();
        Assert.Equal(0, Sign(1).Code);
        var (code, output, _) = Sign(1);
        Assert.Equal(2, code);
        Assert.Contains("has already approved this change", output, StringComparison.Ordinal);
        Assert.Single(ChangeFile.Read(P("change.json")).Approvals);
    }

    [Fact]
    public void Judge_AdminOfAddedOrganisation_IsAnAdminOfTheEpochThatAddedItOnly()
    {
        ProposeAcme();
        Assert.Equal(0, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "admin", "--name", "acme-admin", "--out", P("acme-admin")).ExitCode);
        string acmeAdmin = File.ReadAllText(P("acme-admin/cert.pem"));
        ValidatorSetChange nextChange = ValidatorSetChange.Create(TestnetChainId, 2, [new RemoveOrganisation("org4")]);
        ValidatorSetChange firstChange = ChangeFile.Read(P("change.json"));
        var genesis = ProvenRoster.FromCache(GenesisDocument.Load(Genesis), P("profile"), 0);

        CertificateIdentity admin = ApprovalCheck.Judge(nextChange, acmeAdmin, EpochOneWithAcme(), DateTimeOffset.UtcNow);

        Assert.Equal("acme", admin.Organisation);
        var refused = Assert.Throws<CliException>(() => ApprovalCheck.Judge(firstChange, acmeAdmin, genesis, DateTimeOffset.UtcNow));
        Assert.Contains("not an admin certificate of a current organisation of epoch 0", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_AdminOfRemovedOrganisation_IsRefused()
    {
        ValidatorRoster genesis = ValidatorRoster.FromGenesis(GenesisDocument.Load(Genesis));
        ValidatorRoster withoutOrg4 = ValidatorRoster.Create(
            [.. genesis.Organisations.Where(o => o.Name != "org4")], [.. genesis.Validators.Where(v => v.Organisation != "org4")]);
        ValidatorSetChange change = ValidatorSetChange.Create(TestnetChainId, 2, [new RemoveOrganisation("org3")]);

        var refused = Assert.Throws<CliException>(() => ApprovalCheck.Judge(change, File.ReadAllText(P("net/orgs/org4/admin.crt.pem")), new ProvenRoster(1, withoutOrg4, "made up", null, null, []), DateTimeOffset.UtcNow));

        Assert.Contains("epoch 1 (org1, org2, org3)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_ChangeNotForTheEpochAfterTheProvenOne_IsRefused()
    {
        ProposeAcme();
        var refused = Assert.Throws<CliException>(() => ApprovalCheck.Judge(ChangeFile.Read(P("change.json")), File.ReadAllText(P("net/orgs/org1/admin.crt.pem")), EpochOneWithAcme(), DateTimeOffset.UtcNow));
        Assert.Contains("must target epoch 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_OfflineForEpochTwoWithoutCachedProofs_IsNotVerifiedAndAddsNoApproval()
    {
        ProposeAcme(targetEpoch: 2);

        var (code, output, _) = Sign(1);

        Assert.Equal(6, code);
        Assert.Contains("roster cannot be proven from genesis", output, StringComparison.Ordinal);
        Assert.Empty(ChangeFile.Read(P("change.json")).Approvals);
    }

    [Fact]
    public void Sign_NoNodeToProveTheCurrentEpoch_IsRefusedAndAddsNoApproval()
    {
        ProposeAcme();

        var (code, _, error) = CliRunner.Run("validators", "sign", "--profile", P("profile"), "--genesis", Genesis, "--node", "127.0.0.1:1", "--change", P("change.json"),
            "--key", P("net/orgs/org1/admin.key.pem"), "--cert", P("net/orgs/org1/admin.crt.pem"), "--json");

        Assert.True(code == 5, $"exit {code}: {error}");
        Assert.Empty(ChangeFile.Read(P("change.json")).Approvals);
    }

    [Fact]
    public void ListOffline_Genesis_ShowsEpochZeroAndItsValidators()
    {
        var (code, output, error) = CliRunner.Run("validators", "list", "--offline", "--genesis", Genesis, "--json");

        Assert.True(code == 0, error);
        JsonElement answer = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0UL, answer.GetProperty("epoch").GetUInt64());
        Assert.Equal("genesis", answer.GetProperty("source").GetString());
        Assert.Equal(4, answer.GetProperty("validators").GetArrayLength());
        Assert.Equal("org1-v1", answer.GetProperty("validators")[0].GetProperty("name").GetString());
        Assert.Equal(ValidatorRosterRoot(), answer.GetProperty("validatorsRoot").GetString());
    }

    private string TestnetChainId => GenesisDocument.Load(Genesis).ChainId;

    private string ValidatorRosterRoot() => ValidatorRoster.FromGenesis(GenesisDocument.Load(Genesis)).Root.ToHex();
}
