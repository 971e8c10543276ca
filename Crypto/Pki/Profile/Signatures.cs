using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>Signature checks that answer false, never throw, on any malformed input.</summary>
internal static class Signatures
{
    public static bool IsSignedBy(X509Certificate certificate, AsymmetricKeyParameter key)
    {
        try
        {
            return certificate.IsSignatureValid(key);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public static bool IsSignedBy(X509Crl crl, AsymmetricKeyParameter key)
    {
        try
        {
            return crl.IsSignatureValid(key);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
