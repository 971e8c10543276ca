namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>BER re-encodings of DER bytes that BouncyCastle parses to the same certificate.</summary>
internal static class Ber
{
    /// <summary>The outer SEQUENCE's length in long form with one more octet than DER's minimal form.</summary>
    public static byte[] LongerOuterLength(byte[] der)
    {
        Assert.Equal(0x30, der[0]);
        int octets = der[1] & 0x7f;
        Assert.True((der[1] & 0x80) != 0, "expected a long-form length");
        var result = new byte[der.Length + 1];
        result[0] = 0x30;
        result[1] = (byte)(0x80 | (octets + 1));
        result[2] = 0;
        Array.Copy(der, 2, result, 3, der.Length - 2);
        return result;
    }

    /// <summary>
    /// The critical flag of basicConstraints (its OID 06 03 55 1D 13, then BOOLEAN TRUE 01 01 FF)
    /// written as 01 01 01, which BER also reads as TRUE.
    /// </summary>
    public static byte[] BasicConstraintsCriticalAsOne(byte[] der)
    {
        byte[] pattern = [0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff];
        byte[] result = (byte[])der.Clone();
        int at = result.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, "no critical basicConstraints found");
        result[at + pattern.Length - 1] = 0x01;
        return result;
    }
}
