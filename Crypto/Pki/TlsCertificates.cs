using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Keys;

namespace Ledger.Crypto.Pki;

/// <summary>Loads a TLS certificate and its PKCS#8 key (plain or encrypted) into .NET for Kestrel and SslStream.</summary>
public static class TlsCertificates
{
    public static X509Certificate2 Load(string certificatePem, string keyPem, string? passphrase = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(keyPem);

        // Read the key through KeyFile first so a wrong passphrase or a non-P-256 key gets the same
        // precise error as everywhere else, then hand .NET an unencrypted copy.
        string plainKeyPem = KeyFile.ExportEcdsaKey(KeyFile.ImportEcdsaKey(keyPem, passphrase));
        using X509Certificate2 ephemeral = X509Certificate2.CreateFromPem(certificatePem, plainKeyPem);

        // A round trip through PKCS#12 gives a certificate whose key SslStream can use on every
        // platform (Windows refuses ephemeral keys for TLS servers).
        byte[] pkcs12 = ephemeral.Export(X509ContentType.Pkcs12);
        return X509CertificateLoader.LoadPkcs12(pkcs12, null, X509KeyStorageFlags.Exportable);
    }

    public static X509Certificate2 LoadFiles(string certificatePath, string keyPath, string? passphrase = null) =>
        Load(File.ReadAllText(certificatePath), File.ReadAllText(keyPath), passphrase);
}
