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

    [Fact]
    public void Check_EqualStampsFromDifferentCommits_PolicyAskedOnce()
    {
        // The node's stamp is a boxed hash: every commit boxes it anew, equal while no certificate changed.
        var policy = new AcceptAll();
        var root = Ledger.Crypto.Hash32.Sha256("certificates"u8);
        var authenticator = new PeerAuthenticator(policy, TimeProvider.System, peerPort: 1, ledgerStamp: () => root);
        using var certificate = SelfSigned("org1-v1");

        Assert.True(authenticator.Check(certificate).Accepted);
        Assert.True(authenticator.Check(certificate).Accepted);

        Assert.Equal(1, policy.Checks);
    }

    [Fact]
    public void Check_StampChanged_PolicyAskedAgain()
    {
        var policy = new AcceptAll();
        var root = Ledger.Crypto.Hash32.Sha256("certificates"u8);
        var authenticator = new PeerAuthenticator(policy, TimeProvider.System, peerPort: 1, ledgerStamp: () => root);
        using var certificate = SelfSigned("org1-v1");

        authenticator.Check(certificate);
        root = Ledger.Crypto.Hash32.Sha256("a revocation committed"u8);
        authenticator.Check(certificate);

        Assert.Equal(2, policy.Checks);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private sealed class AcceptAll : IPeerCertificatePolicy
    {
        public int Checks { get; private set; }

        public PeerCertificateVerdict Check(X509Certificate2 certificate, DateTimeOffset now)
        {
            Checks++;
            return PeerCertificateVerdict.Accept("org1-v1");
        }
    }

    private sealed class RefuseAll : IPeerCertificatePolicy
    {
        public PeerCertificateVerdict Check(X509Certificate2 certificate, DateTimeOffset now) => PeerCertificateVerdict.Refuse(PeerRefusal.NotAValidator, "not a genesis validator");
    }
}
