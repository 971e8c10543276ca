using System.Text.Json;
using Ledger.Cli.Validators;
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

    private (int Code, string Output, string Error) Sign(int org, string? genesis = null, string? cert = null, string? key = null) =>
        CliRunner.Run("validators", "sign", "--genesis", genesis ?? Genesis, "--change", P("change.json"),
            "--key", key ?? P($"net/orgs/org{org}/admin.key.pem"), "--cert", cert ?? P($"net/orgs/org{org}/admin.crt.pem"), "--json");

    private void ProposeAcme()
    {
        Assert.Equal(0, CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme")).ExitCode);
        Assert.Equal(0, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "validator", "--name", "acme-v1", "--out", P("acme-v1")).ExitCode);
        var (code, _, error) = CliRunner.Run("validators", "propose", "--genesis", Genesis, "--add-org", "acme", "--ca", P("acme/ca.crt.pem"),
            "--validator", P("acme-v1"), "--out", P("change.json"));
        Assert.True(code == 0, error);
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

    private string ValidatorRosterRoot() => Epochs.ValidatorRoster.FromGenesis(GenesisDocument.Load(Genesis)).Root.ToHex();
}
