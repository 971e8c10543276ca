using Ledger.Crypto.Pki;
using Ledger.Node.Security;
using Ledger.Node.Testnet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A node's TLS certificate files are re-read when they change: a new certificate its peers would
/// accept (same organisation CA, role validator, this validator's name) is taken, and anything
/// else (another CA, another validator's name, a certificate whose key is not written yet) is not,
/// so the node never presents a certificate its peers refuse. Looking at the files is throttled.
/// </summary>
public sealed class TlsCertificateSourceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tls-source-" + Guid.NewGuid().ToString("N"));
    private readonly TestnetResult _net;
    private readonly TestnetResult _stranger;
    private readonly FakeTimeProvider _time = new(Now.AddHours(1));

    public TlsCertificateSourceTests()
    {
        _net = TestnetBuilder.Build(Path.Combine(_root, "a"), new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });
        _stranger = TestnetBuilder.Build(Path.Combine(_root, "b"), new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder => Path.Combine(_net.Directory, TestnetBuilder.NodesFolder, "org2-v1");

    private string CertificatePath => Path.Combine(Folder, PkiLayout.TlsCertificateFile);

    private string KeyPath => Path.Combine(Folder, PkiLayout.TlsKeyFile);

    private TlsCertificateSource Source() => new(CertificatePath, KeyPath, null, new RosterPeerCertificatePolicy(_net.Genesis, () => RevocationList.Empty), "org2-v1", _time, NullLogger.Instance);

    private static IssuedTlsCertificate Issue(TestnetResult net, string organisation, string name)
    {
        var folder = Path.Combine(net.Directory, TestnetBuilder.OrgsFolder, organisation);
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(folder, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(folder, PkiLayout.CaKeyFile)));
        return ca.IssueTlsCertificate(name, CertificateRole.Validator, Now, Now.AddDays(400));
    }

    private void Write(IssuedTlsCertificate issued, bool key = true)
    {
        File.WriteAllText(CertificatePath, issued.CertificatePem);
        if (key)
        {
            File.WriteAllText(KeyPath, issued.ExportKeyPem());
        }
    }

    [Fact]
    public void Refresh_NewCertificateFromTheSameCaForThisValidator_Taken()
    {
        using var source = Source();
        var before = source.Current.SerialNumber;
        var issued = Issue(_net, "org2", "org2-v1");

        Write(issued);

        Assert.True(source.Refresh());
        Assert.NotEqual(before, source.Current.SerialNumber);
        Assert.Equal(issued.Certificate.SerialNumber.ToString(16), source.Current.SerialNumber.TrimStart('0').ToLowerInvariant());
    }

    [Fact]
    public void Refresh_CertificateFromAnotherCaOrForAnotherValidator_KeptTheCurrentOne()
    {
        using var source = Source();
        var before = source.Current.SerialNumber;

        Write(Issue(_stranger, "org2", "org2-v1"));
        Assert.False(source.Refresh());
        Write(Issue(_net, "org3", "org3-v1"));
        Assert.False(source.Refresh());

        Assert.Equal(before, source.Current.SerialNumber);
    }

    [Fact]
    public void Refresh_CertificateWrittenBeforeItsKey_TakenOnlyOnceTheKeyMatches()
    {
        using var source = Source();
        var before = source.Current.SerialNumber;
        var issued = Issue(_net, "org2", "org2-v1");

        Write(issued, key: false);
        Assert.False(source.Refresh());
        Assert.Equal(before, source.Current.SerialNumber);

        File.WriteAllText(KeyPath, issued.ExportKeyPem());
        Assert.True(source.Refresh());
    }

    [Fact]
    public void Current_FilesChanged_LookedAtOnlyAfterTheCheckInterval()
    {
        using var source = Source();
        var before = source.Current.SerialNumber;
        Write(Issue(_net, "org2", "org2-v1"));

        var soon = source.Current.SerialNumber;
        _time.Advance(TlsCertificateSource.CheckEvery);
        var later = source.Current.SerialNumber;

        Assert.Equal(before, soon);
        Assert.NotEqual(before, later);
    }
}
