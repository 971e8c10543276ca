using Microsoft.Extensions.Logging;

namespace Ledger.Node.Security;

/// <summary>Source-generated log messages about the node's own certificates.</summary>
internal static partial class CertificateLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate {Kind} ({Subject}, serial {Serial}) expires {NotAfter:u}, in {DaysLeft:0.#} days (warning below {WarningDays} days): renew it")]
    public static partial void ExpiresSoon(ILogger logger, string kind, string subject, string serial, DateTimeOffset notAfter, double daysLeft, int warningDays);

    [LoggerMessage(Level = LogLevel.Error, Message = "Certificate {Kind} ({Subject}, serial {Serial}) EXPIRED {NotAfter:u}: peers refuse it; replace it")]
    public static partial void Expired(ILogger logger, string kind, string subject, string serial, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate replaced from {Path}: serial {OldSerial} -> {NewSerial}, valid until {NotAfter:u}; new connections use it")]
    public static partial void TlsReplaced(ILogger logger, string path, string oldSerial, string newSerial, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS certificate files {Path} changed but were not taken: {Reason}; the current certificate (serial {Serial}) stays in use")]
    public static partial void TlsNotReplaced(ILogger logger, string path, string reason, string serial);
}
