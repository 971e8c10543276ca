using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// Names a certificate independent of its bytes, the way a CRL names it: by issuing
/// organisation and serial number. id = SHA-256(u32 len || organisation UTF-8 || u32 len || serial
/// big-endian bytes, no leading zeros).
/// </summary>
public static class CertificateIds
{
    public static Hash32 Of(string organisation, ReadOnlySpan<byte> serial)
    {
        int start = 0;
        while (start < serial.Length - 1 && serial[start] == 0)
        {
            start++;
        }

        return new CanonicalWriter().WriteString(organisation).WriteBytes(serial[start..]).Hash();
    }
}
