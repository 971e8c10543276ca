using System.Security.Cryptography.X509Certificates;

namespace Ledger.Node.Security;

/// <summary>
/// Decides whether a TLS certificate presented on the replica network belongs to a genesis
/// validator, at a given time. Used on both sides: the server checks client certificates, the
/// client checks the server's. Never the operating system's trust store.
/// </summary>
public interface IPeerCertificatePolicy
{
    PeerCertificateVerdict Check(X509Certificate2 certificate, DateTimeOffset now);
}
