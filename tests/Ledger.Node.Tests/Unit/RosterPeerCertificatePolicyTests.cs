using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Pki;
using Ledger.Node.Runtime;
using Ledger.Node.Security;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Unit;

/// <summary>Peer TLS admission with real certificates from two independently built testnets.</summary>
public sealed class RosterPeerCertificatePolicyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "peer-policy-" + Guid.NewGuid().ToString("N"));
    private readonly TestnetResult _net;
    private readonly TestnetResult _stranger;
    private readonly TestnetResult _five;

    public RosterPeerCertificatePolicyTests()
    {
        _net = TestnetBuilder.Build(Path.Combine(_root, "a"), new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });
        _stranger = TestnetBuilder.Build(Path.Combine(_root, "b"), new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });
        _five = TestnetBuilder.Build(Path.Combine(_root, "five"), new TestnetOptions { Now = Now, Organisations = 5, MembersPerOrganisation = 0 });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Check_GenesisValidatorTlsCertificate_AcceptedWithItsName()
    {
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

        var verdict = policy.Check(Tls(_net, "org2-v1"), Now.AddHours(1));

        Assert.True(verdict.Accepted, verdict.Reason);
        Assert.Equal("org2-v1", verdict.ValidatorName);
    }

    [Fact]
    public void Check_CertificateFromUnknownCa_Refused()
    {
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

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
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty.Add("org3", serial));

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
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

        var verdict = policy.Check(extra, Now.AddHours(1));

        Assert.False(verdict.Accepted);
        Assert.Contains("is not a validator of epoch 0", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExpiredAtTheGivenTime_Refused()
    {
        var policy = new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty);

        var verdict = policy.Check(Tls(_net, "org2-v1"), Now.AddYears(5));

        Assert.False(verdict.Accepted);
    }

    [Fact]
    public void Check_ValidatorAddedByAChange_RefusedBeforeAndAcceptedAfterTheSwitch()
    {
        var committee = new Committee(EpochRosters.Of(_five, 0, "org1", "org2", "org3", "org4"));
        var policy = new RosterPeerCertificatePolicy(committee, () => RevocationList.Empty, _ => false);
        var newcomer = Tls(_five, "org5-v1");

        var before = policy.Check(newcomer, Now.AddHours(1));
        committee.Enter(EpochRosters.Of(_five, 1, "org1", "org2", "org3", "org4", "org5"));
        var after = policy.Check(newcomer, Now.AddHours(1));

        // Before: org5's CA is not one of epoch 0's organisations.
        Assert.False(before.Accepted);
        Assert.True(after.Accepted, after.Reason);
        Assert.Equal("org5-v1", after.ValidatorName);
    }

    [Fact]
    public void Check_ValidatorRemovedByAChange_RefusedAfterTheSwitch()
    {
        var committee = new Committee(EpochRosters.Of(_five, 0, "org1", "org2", "org3", "org4"));
        var policy = new RosterPeerCertificatePolicy(committee, () => RevocationList.Empty, _ => false);
        var removed = Tls(_five, "org4-v1");

        var before = policy.Check(removed, Now.AddHours(1));
        committee.Enter(EpochRosters.Of(_five, 1, "org1", "org2", "org3"));
        var after = policy.Check(removed, Now.AddHours(1));

        Assert.True(before.Accepted, before.Reason);
        Assert.False(after.Accepted);
        Assert.Equal(PeerRefusal.InvalidCertificate, after.Refusal);
    }

    [Fact]
    public void Check_TlsCertificateReplacedByAChange_AcceptsTheNewOneOnly()
    {
        var start = EpochRosters.Of(_five, 0, "org1", "org2", "org3", "org4");
        var committee = new Committee(start);
        var policy = new RosterPeerCertificatePolicy(committee, () => RevocationList.Empty, _ => false);
        var old = Tls(_five, "org2-v1");
        using var replacement = Ca(_five, "org2").IssueTlsCertificate("org2-v1", CertificateRole.Validator, Now, Now.AddDays(30)).ToX509Certificate2();

        committee.Enter(EpochRosters.WithTls(start, 1, "org2", replacement.RawData));

        Assert.True(policy.Check(replacement, Now.AddHours(1)).Accepted);
        var refused = policy.Check(old, Now.AddHours(1));
        Assert.False(refused.Accepted);
        Assert.Equal(PeerRefusal.SupersededCertificate, refused.Refusal);
    }

    [Fact]
    public void Check_RenewalIssuedAfterTheRostersCertificate_Accepted()
    {
        // A TLS certificate renewed by replacing the node's files (no change) stays accepted: it is newer than the roster's.
        var policy = new RosterPeerCertificatePolicy(_five.Genesis, () => RevocationList.Empty);
        using var renewal = Ca(_five, "org2").IssueTlsCertificate("org2-v1", CertificateRole.Validator, Now, Now.AddDays(30)).ToX509Certificate2();

        Assert.True(policy.Check(renewal, Now.AddHours(1)).Accepted);
    }

    private static OrganisationCa Ca(TestnetResult net, string organisation) => OrganisationCa.Load(
        File.ReadAllText(Path.Combine(net.Directory, TestnetBuilder.OrgsFolder, organisation, PkiLayout.CaCertificateFile)),
        File.ReadAllText(Path.Combine(net.Directory, TestnetBuilder.OrgsFolder, organisation, PkiLayout.CaKeyFile)));

    private static X509Certificate2 Tls(TestnetResult net, string validator)
    {
        var folder = Path.Combine(net.Directory, TestnetBuilder.NodesFolder, validator);
        return TlsCertificates.LoadFiles(Path.Combine(folder, PkiLayout.TlsCertificateFile), Path.Combine(folder, PkiLayout.TlsKeyFile));
    }
}
