using Ledger.Crypto.Keys;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki;

/// <summary>A TLS certificate with its ECDSA P-256 private key, as issued by <see cref="OrganisationCa"/>.</summary>
public sealed class IssuedTlsCertificate
{
    public IssuedTlsCertificate(X509Certificate certificate, ECPrivateKeyParameters privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    public X509Certificate Certificate { get; }

    public ECPrivateKeyParameters PrivateKey { get; }

    public string CertificatePem => PkiPem.ToPem(Certificate);

    public string ExportKeyPem(string? passphrase = null) => KeyFile.ExportEcdsaKey(PrivateKey, passphrase);

    /// <summary>The certificate with its private key, ready for Kestrel or SslStream.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 ToX509Certificate2() =>
        TlsCertificates.Load(CertificatePem, ExportKeyPem());
}
