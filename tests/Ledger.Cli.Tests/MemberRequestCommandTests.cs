using System.Text.Json;

namespace Ledger.Cli.Tests;

/// <summary>`wallet keygen` and `pki sign-csr` as a user runs them: the key stays, the request is issued or refused with its reason.</summary>
public sealed class MemberRequestCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "member-cli-" + Guid.NewGuid().ToString("N"));

    public MemberRequestCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    [Fact]
    public void KeygenThenSignCsr_OwnOrganisation_IssuesMemberCertificateForTheKey()
    {
        Assert.Equal(0, CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme")).ExitCode);
        var (code, output, error) = CliRunner.Run("wallet", "keygen", "--org", "acme", "--name", "alice", "--out", P("alice"), "--json");
        Assert.True(code == 0, error);
        var answer = JsonDocument.Parse(output).RootElement;

        (code, _, error) = CliRunner.Run("pki", "sign-csr", "--ca", P("acme"), "--csr", P("alice/request.csr.pem"), "--out", P("alice/cert.pem"));
        Assert.True(code == 0, error);
        (code, output, _) = CliRunner.Run("pki", "verify", P("alice/cert.pem"), "--trust", P("acme"), "--role", "member");

        Assert.Equal(0, code);
        Assert.Contains(answer.GetProperty("account").GetString()!, output, StringComparison.Ordinal);
        Assert.False(answer.GetProperty("keyEncrypted").GetBoolean());
    }

    [Fact]
    public void SignCsr_RequestForAnotherOrganisation_ExitsOneAndIssuesNothing()
    {
        Assert.Equal(0, CliRunner.Run("pki", "init-org", "--org", "acme", "--out", P("acme")).ExitCode);
        Assert.Equal(0, CliRunner.Run("wallet", "keygen", "--org", "beta", "--name", "bob", "--out", P("bob")).ExitCode);

        var (code, output, _) = CliRunner.Run("pki", "sign-csr", "--ca", P("acme"), "--csr", P("bob/request.csr.pem"), "--out", P("bob/cert.pem"));

        Assert.Equal(1, code);
        Assert.Contains("REFUSED WrongOrganisation", output, StringComparison.Ordinal);
        Assert.False(File.Exists(P("bob/cert.pem")));
    }

    [Fact]
    public void Keygen_ExistingKey_RefusedWithoutReplacingIt()
    {
        Assert.Equal(0, CliRunner.Run("wallet", "keygen", "--org", "acme", "--name", "alice", "--out", P("alice")).ExitCode);
        string key = File.ReadAllText(P("alice/key.pem"));

        var (code, _, _) = CliRunner.Run("wallet", "keygen", "--org", "acme", "--name", "alice", "--out", P("alice"));

        Assert.Equal(2, code);
        Assert.Equal(key, File.ReadAllText(P("alice/key.pem")));
    }
}
