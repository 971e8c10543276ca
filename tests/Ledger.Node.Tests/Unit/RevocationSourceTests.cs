using Ledger.Crypto.Pki;
using Ledger.Node.Security;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// The CRL files a node honours are re-read when they change; a change that would un-revoke by
/// rolling a file back to an older CRL is refused and the last good list kept, while a newer CRL
/// replaces the old one.
/// </summary>
public sealed class RevocationSourceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Serial = "1f2e3d";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "revocation-source-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly OrganisationCa _ca = OrganisationCa.Create("org1", Now.AddDays(-1), Now.AddYears(1));

    public RevocationSourceTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CrlPath => Path.Combine(_dir, "crl.pem");

    [Fact]
    public void Current_FileRolledBackToOlderCrl_KeepsTheRevocation()
    {
        Write(number: 2, Serial);
        var source = new RevocationSource([CrlPath], [_ca.Certificate], () => RevocationList.Empty);
        Assert.True(source.Current().Contains("org1", Serial));

        Write(number: 1);

        Assert.True(source.Current().Contains("org1", Serial));
    }

    [Fact]
    public void Current_FileReplacedByNewerCrl_UsesIt()
    {
        Write(number: 2, Serial);
        var source = new RevocationSource([CrlPath], [_ca.Certificate], () => RevocationList.Empty);

        Write(number: 3, "abc");
        var current = source.Current();

        Assert.False(current.Contains("org1", Serial));
        Assert.True(current.Contains("org1", "abc"));
    }

    [Fact]
    public void Constructor_CrlOfAnotherCa_Throws()
    {
        Write(number: 1, Serial);
        var stranger = OrganisationCa.Create("org1", Now.AddDays(-1), Now.AddYears(1));

        Assert.Throws<ArgumentException>(() => new RevocationSource([CrlPath], [stranger.Certificate], () => RevocationList.Empty));
    }

    // Each write gets its own modification time, so the source sees a change even within one clock tick.
    private void Write(long number, params string[] serials)
    {
        var previous = File.Exists(CrlPath) ? File.GetLastWriteTimeUtc(CrlPath) : DateTime.UtcNow;
        File.WriteAllText(CrlPath, _ca.IssueCrl(serials, Now.AddMinutes(number), Now.AddDays(30), number).ToPem());
        File.SetLastWriteTimeUtc(CrlPath, previous.AddMinutes(1));
    }
}
