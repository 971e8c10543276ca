using Microsoft.Extensions.Logging;

namespace Ledger.Node.Security;

/// <summary>
/// Watches the expiry of the node's own certificates (<see cref="OwnCertificate"/>): <see cref="Check"/>
/// logs a warning for each that expires within <see cref="WarningDays"/> (an error once expired)
/// and runs at <see cref="Start"/> and then once a day. The gauge and GetStatus read
/// <see cref="Certificates"/> when asked, so they are never a day old.
/// </summary>
public sealed class CertificateExpiryMonitor(Func<IReadOnlyList<OwnCertificate>> certificates, int warningDays, TimeProvider time, ILogger logger) : IDisposable
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromDays(1);

    private ITimer? _timer;

    public int WarningDays { get; } = warningDays > 0 ? warningDays : throw new ArgumentOutOfRangeException(nameof(warningDays), warningDays, "must be positive");

    public IReadOnlyList<OwnCertificate> Certificates => certificates();

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Whether <paramref name="certificate"/> is within the warning period (or expired) now.</summary>
    public bool ExpiresSoon(OwnCertificate certificate) => (certificate ?? throw new ArgumentNullException(nameof(certificate))).DaysLeft(Now) < WarningDays;

    /// <summary>Logs each certificate within the warning period and returns them.</summary>
    public IReadOnlyList<OwnCertificate> Check()
    {
        var now = time.GetUtcNow();
        var soon = certificates().Where(c => c.DaysLeft(now) < WarningDays).ToList();
        foreach (var c in soon)
        {
            if (c.NotAfter <= now)
            {
                CertificateLog.Expired(logger, c.Kind, c.Subject, c.SerialHex, c.NotAfter);
            }
            else
            {
                CertificateLog.ExpiresSoon(logger, c.Kind, c.Subject, c.SerialHex, c.NotAfter, c.DaysLeft(now), WarningDays);
            }
        }

        return soon;
    }

    /// <summary>Checks now, then every <see cref="CheckEvery"/>.</summary>
    public void Start() => _timer ??= time.CreateTimer(_ => Check(), null, TimeSpan.Zero, CheckEvery);

    public void Dispose() => _timer?.Dispose();
}
