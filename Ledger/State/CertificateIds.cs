using Ledger.Crypto;
using Ledger.Crypto.Pki;

namespace Ledger.State;

/// <summary>
/// Names a certificate the way a CRL does: by issuing organisation and serial number, so a
/// revocation finds the account its certificate enrolled. id = SHA-256(u32 len || organisation
/// UTF-8 || u32 len || serial as lower-case hex without leading zeros, UTF-8).
/// </summary>
public static class CertificateIds
{
    public static Hash32 Of(string organisation, string serialHex)
    {
        string normalised = CertificateNames.SerialHex(CertificateNames.ParseSerialHex(serialHex));
        return new CanonicalWriter().WriteString(organisation).WriteString(normalised).Hash();
    }
}
