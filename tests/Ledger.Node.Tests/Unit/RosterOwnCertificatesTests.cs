using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Node.Runtime;
using Ledger.Node.Security;
using Ledger.Node.Testnet;
using Ledger.TestKit.Chains;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// The expiry report covers the node's signing certificate and CA as the current epoch's roster
/// lists them, not the roster it started with: an added organisation's node, a rotated key's
/// certificate, and nothing for a removed organisation's node.
/// </summary>
public sealed class RosterOwnCertificatesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "roster-certs-" + Guid.NewGuid().ToString("N"));
    private readonly TestnetResult _net;

    public RosterOwnCertificatesTests()
    {
        _net = TestnetBuilder.Build(_root, new TestnetOptions { Organisations = 5, MembersPerOrganisation = 1 });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string SerialOf(byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return OwnCertificate.Of(OwnCertificate.Signing, certificate).SerialHex;
    }

    [Fact]
    public void Current_AfterAChangeAddsTheNodesOrganisation_ReportsItsSigningCertificateAndCa()
    {
        var committee = new Committee(EpochRosters.Of(_net, 0, "org1", "org2", "org3", "org4"));
        var certificates = new RosterOwnCertificates(committee, "org5-v1");
        Assert.Empty(certificates.Current);

        committee.Enter(EpochRosters.Of(_net, 1, "org1", "org2", "org3", "org4", "org5"));

        ValidatorRoster roster = committee.Current.Roster;
        Assert.Equal([OwnCertificate.Signing, OwnCertificate.Ca], certificates.Current.Select(c => c.Kind));
        Assert.Equal(SerialOf(roster.Validators[4].SigningCertificateDer), certificates.Current[0].SerialHex);
        Assert.Equal(SerialOf(roster.Organisations[4].CaCertificateDer), certificates.Current[1].SerialHex);
    }

    [Fact]
    public void Current_AfterAChangeRemovesTheNodesOrganisation_ReportsNone()
    {
        var committee = new Committee(EpochRosters.Of(_net, 0, "org1", "org2", "org3", "org4", "org5"));
        var certificates = new RosterOwnCertificates(committee, "org5-v1");
        Assert.Equal(2, certificates.Current.Count);

        committee.Enter(EpochRosters.Of(_net, 1, "org1", "org2", "org3", "org4"));

        Assert.Empty(certificates.Current);
    }

    [Fact]
    public void Current_AfterTheNodesKeyIsRotated_ReportsTheNewSigningCertificate()
    {
        var start = EpochRosters.Of(_net, 0, "org1", "org2", "org3", "org4");
        var committee = new Committee(start);
        var certificates = new RosterOwnCertificates(committee, "org1-v1");
        Assert.Equal(SerialOf(start.Roster.Validators[0].SigningCertificateDer), certificates.Current[0].SerialHex);
        // The new key's signing certificate, issued by org1's CA under the same validator name.
        string caFolder = Path.Combine(_net.Directory, "orgs", "org1");
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(caFolder, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(caFolder, PkiLayout.CaKeyFile)));
        using SigningKey newKey = TestChain.KeyFor(77);
        byte[] rotated = ca.IssueSigningCertificate("org1-v1", CertificateRole.Validator, newKey.PublicKey, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(90)).GetEncoded();

        committee.Enter(EpochRoster.Of(1, ValidatorRoster.Create(start.Roster.Organisations,
            [.. start.Roster.Validators.Select(v => v.Organisation == "org1" ? v with { ConsensusKey = newKey.PublicKey, SigningCertificateDer = rotated } : v)])));

        Assert.Equal(SerialOf(rotated), certificates.Current[0].SerialHex);
    }
}
