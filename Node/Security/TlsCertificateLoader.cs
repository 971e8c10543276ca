using System.Security.Cryptography.X509Certificates;

namespace Ledger.Node.Security;

/// <summary>Loads the node's ECDSA P-256 TLS certificate and key from PEM files.</summary>
public static class TlsCertificateLoader
{
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

            // SslStream on Linux wants a certificate whose key it can hand to OpenSSL; a PKCS#12
            // round trip turns the PEM pair into exactly that.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new InvalidOperationException($"cannot load the TLS certificate '{certificatePath}' with key '{keyPath}': {ex.Message}", ex);
        }
    }
}
