namespace Ledger.Cli.Tests;

public sealed class PkiCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pki-cli-" + Guid.NewGuid().ToString("N"));

    public PkiCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    [Fact]
    public void IssueVerifyRevoke_FullCycle_ExitCodesFollowValidity()
    {
        Assert.Equal(0, CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme")).ExitCode);
        Assert.Equal(0, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "validator", "--name", "acme-v1", "--out", P("v1")).ExitCode);
        Assert.Equal(0, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "member", "--name", "acme-m1", "--out", P("m1")).ExitCode);
        Assert.True(File.Exists(P("v1/tls.key.pem")));
        Assert.True(File.Exists(P("m1/key.pem")));

        (int code, string output, _) = CliRunner.Run("pki", "verify", P("v1/signing.crt.pem"), "--trust", P("acme"), "--role", "validator");
        Assert.Equal(0, code);
        Assert.Contains("VALID", output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("pki", "verify", P("v1/tls.crt.pem"), "--trust", P("acme")).ExitCode);

        (code, output, _) = CliRunner.Run("pki", "verify", P("m1/cert.pem"), "--trust", P("acme"), "--role", "admin");
        Assert.Equal(1, code);
        Assert.Contains("WrongRole", output, StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run("pki", "revoke", "--ca", P("acme"), "--cert", P("m1/cert.pem")).ExitCode);
        (code, output, _) = CliRunner.Run("pki", "verify", P("m1/cert.pem"), "--trust", P("acme"));
        Assert.Equal(1, code);
        Assert.Contains("Revoked", output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("pki", "verify", P("v1/signing.crt.pem"), "--trust", P("acme")).ExitCode);
    }

    [Fact]
    public void Verify_OtherOrganisationsCa_IsUnknownCa()
    {
        CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme"));
        CliRunner.Run("pki", "init-org", "--org", "beta", "--out", P("beta"));
        CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "member", "--name", "acme-m1", "--out", P("m1"));

        (int code, string output, _) = CliRunner.Run("pki", "verify", P("m1/cert.pem"), "--trust", P("beta"));

        Assert.Equal(1, code);
        Assert.Contains("UnknownCa", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EncryptedCa_WrongOrMissingPassphrase_FailsClearlyAndWritesNothing()
    {
        string good = "LEDGER_TEST_PW_" + Guid.NewGuid().ToString("N");
        string bad = "LEDGER_TEST_BAD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(good, "correct horse");
        Environment.SetEnvironmentVariable(bad, "battery staple");
        try
        {
            Assert.Equal(0, CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme"), "--passphrase-env", good).ExitCode);

            (int code, _, string error) = CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "member", "--name", "m", "--out", P("m"), "--ca-passphrase-env", bad);
            Assert.Equal(2, code);
            Assert.Contains("wrong passphrase", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(P("m")));

            (code, _, error) = CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "member", "--name", "m", "--out", P("m"));
            Assert.Equal(2, code);
            Assert.Contains("encrypted", error, StringComparison.Ordinal);

            Assert.Equal(0, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "member", "--name", "m", "--out", P("m"), "--ca-passphrase-env", good).ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(good, null);
            Environment.SetEnvironmentVariable(bad, null);
        }
    }

    [Fact]
    public void BadInput_GivesNonZeroExitAndMessage()
    {
        CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme"));

        Assert.Equal(2, CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme")).ExitCode); // exists
        Assert.Equal(2, CliRunner.Run("pki", "init-org", "--org", "../evil", "--out", P("evil")).ExitCode);
        Assert.NotEqual(0, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "boss", "--name", "x", "--out", P("x")).ExitCode);
        Assert.Equal(2, CliRunner.Run("pki", "issue", "--ca", P("nope"), "--role", "member", "--name", "x", "--out", P("x")).ExitCode);
        Assert.Equal(2, CliRunner.Run("pki", "verify", P("missing.pem"), "--trust", P("acme")).ExitCode);
        Assert.Equal(2, CliRunner.Run("pki", "issue", "--ca", P("acme"), "--role", "member", "--name", "x", "--out", P("x"), "--passphrase-env", "LEDGER_TEST_UNSET_VARIABLE").ExitCode);
        Assert.NotEqual(0, CliRunner.Run("pki", "issue", "--ca", P("acme")).ExitCode);
    }

    [Fact]
    public void Revoke_CertificateOfAnotherCa_IsRefused()
    {
        CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme"));
        CliRunner.Run("pki", "init-org", "--org", "beta", "--out", P("beta"));
        CliRunner.Run("pki", "issue", "--ca", P("beta"), "--role", "member", "--name", "beta-m1", "--out", P("bm1"));
        string crlBefore = File.ReadAllText(P("acme/crl.pem"));

        (int code, _, string error) = CliRunner.Run("pki", "revoke", "--ca", P("acme"), "--cert", P("bm1/cert.pem"));

        Assert.Equal(2, code);
        Assert.Contains("not issued by", error, StringComparison.Ordinal);
        Assert.Equal(crlBefore, File.ReadAllText(P("acme/crl.pem")));
    }

    [Fact]
    public void TestnetInit_Twice_SecondRunRefuses()
    {
        Assert.Equal(0, CliRunner.Run("testnet", "init", "--orgs", "2", "--members-per-org", "1", "--out", P("tn")).ExitCode);
        string genesis = File.ReadAllText(P("tn/genesis.json"));

        (int code, _, string error) = CliRunner.Run("testnet", "init", "--orgs", "2", "--out", P("tn"));

        Assert.Equal(2, code);
        Assert.Contains("already holds a testnet", error, StringComparison.Ordinal);
        Assert.Equal(genesis, File.ReadAllText(P("tn/genesis.json")));
        Assert.Equal(0, CliRunner.Run("pki", "verify", P("tn/members/org2-m1/cert.pem"), "--trust", P("tn/orgs/org1"), P("tn/orgs/org2"), "--role", "member").ExitCode);
    }
}
