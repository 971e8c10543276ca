using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ledger.Node.Security;

namespace Ledger.Node.Tests.Unit;

public sealed class PeerAuthenticatorTests
{
    [Fact]
    public void Check_ManyDistinctRefusedCertificates_CacheNothing()
    {
        // Anyone can open the peer port's TLS handshake with a fresh certificate every time.
        var authenticator = new PeerAuthenticator(new RefuseAll(), TimeProvider.System, peerPort: 1);

        for (var i = 0; i < 50; i++)
        {
            using var certificate = SelfSigned($"stranger-{i}");
            Assert.False(authenticator.Check(certificate).Accepted);
        }

        Assert.Equal(0, authenticator.CachedVerdicts);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private sealed class RefuseAll : IPeerCertificatePolicy
    {
        public PeerCertificateVerdict Check(X509Certificate2 certificate, DateTimeOffset now) => PeerCertificateVerdict.Refuse(PeerRefusal.NotAValidator, "not a genesis validator");
    }
}
