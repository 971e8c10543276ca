using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Pki;
using Ledger.Node.Security;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Unit;

/// <summary>Peer TLS admission with real certificates from two independently built testnets.</summary>
public sealed class GenesisPeerCertificatePolicyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "peer-policy-" + Guid.NewGuid().ToString("N"));
    private readonly TestnetResult _net;
    private readonly TestnetResult _stranger;

    public GenesisPeerCertificatePolicyTests()
    {
        _net = TestnetBuilder.Build(Path.Combine(_root, "a"), new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });
        _stranger = TestnetBuilder.Build(Path.Combine(_root, "b"), new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Check_GenesisValidatorTlsCertificate_AcceptedWithItsName()
    {
        var policy = new GenesisPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

        var verdict = policy.Check(Tls(_net, "org2-v1"), Now.AddHours(1));

        Assert.True(verdict.Accepted, verdict.Reason);
        Assert.Equal("org2-v1", verdict.ValidatorName);
    }

    [Fact]
    public void Check_CertificateFromUnknownCa_Refused()
    {
        var policy = new GenesisPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

        var verdict = policy.Check(Tls(_stranger, "org2-v1"), Now.AddHours(1));

        // The stranger's CA carries the same name ("org2") with another key: its signature cannot verify.
        Assert.False(verdict.Accepted);
        Assert.StartsWith(nameof(CertificateRejection.BadSignature), verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RevokedCertificate_Refused()
    {
        var certificate = Tls(_net, "org3-v1");
        var serial = CertificateNames.SerialHex(PkiPem.ParseCertificateDer(certificate.RawData).SerialNumber);
        var policy = new GenesisPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty.Add("org3", serial));

        var verdict = policy.Check(certificate, Now.AddHours(1));

        Assert.False(verdict.Accepted);
        Assert.StartsWith(nameof(CertificateRejection.Revoked), verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ValidCertificateForNameOutsideGenesis_Refused()
    {
        var ca = OrganisationCa.Load(
            File.ReadAllText(Path.Combine(_net.Directory, TestnetBuilder.OrgsFolder, "org1", PkiLayout.CaCertificateFile)),
            File.ReadAllText(Path.Combine(_net.Directory, TestnetBuilder.OrgsFolder, "org1", PkiLayout.CaKeyFile)));
        using var extra = ca.IssueTlsCertificate("org1-v9", CertificateRole.Validator, Now, Now.AddDays(30)).ToX509Certificate2();
        var policy = new GenesisPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

        var verdict = policy.Check(extra, Now.AddHours(1));

        Assert.False(verdict.Accepted);
        Assert.Contains("not a genesis validator", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExpiredAtTheGivenTime_Refused()
    {
        var policy = new GenesisPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

        var verdict = policy.Check(Tls(_net, "org2-v1"), Now.AddYears(5));

        Assert.False(verdict.Accepted);
    }

    private static X509Certificate2 Tls(TestnetResult net, string validator)
    {
        var folder = Path.Combine(net.Directory, TestnetBuilder.NodesFolder, validator);
        return TlsCertificates.LoadFiles(Path.Combine(folder, PkiLayout.TlsCertificateFile), Path.Combine(folder, PkiLayout.TlsKeyFile));
    }
}
