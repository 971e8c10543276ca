using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Ledger.Node.Security;

/// <summary>
/// One certificate the node depends on and whose expiry it reports: <see cref="Kind"/> is
/// <c>tls</c> (its TLS certificate, as currently loaded), <c>signing</c> (its signing
/// certificate) or <c>ca</c> (its organisation's CA), both as the current epoch's roster lists them
/// (<see cref="RosterOwnCertificates"/>).
/// </summary>
public sealed record OwnCertificate(string Kind, string Subject, string SerialHex, DateTimeOffset NotAfter)
{
    public const string Tls = "tls";
    public const string Signing = "signing";
    public const string Ca = "ca";

    /// <summary>Days until it expires (fractional; negative once expired).</summary>
    public double DaysLeft(DateTimeOffset now) => (NotAfter - now).TotalDays;

    public static OwnCertificate Of(string kind, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new OwnCertificate(kind, certificate.Subject, certificate.SerialNumber.TrimStart('0').ToLower(CultureInfo.InvariantCulture),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    /// <summary>From a PEM certificate (genesis's), or null when there is none.</summary>
    public static OwnCertificate? FromPem(string kind, string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        using var certificate = X509Certificate2.CreateFromPem(pem);
        return Of(kind, certificate);
    }
}
