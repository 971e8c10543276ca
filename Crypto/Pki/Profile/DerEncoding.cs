using Org.BouncyCastle.Asn1;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// Distinguished Encoding Rules only. BouncyCastle reads BER as readily as DER (long-form or
/// indefinite lengths, constructed strings, any non-zero byte as TRUE) and verifies a signature
/// over its own DER re-encoding of the signed part, so a BER re-encoding of a certificate or CRL
/// verifies: the same certificate would have several byte forms. The bytes are DER exactly when
/// BouncyCastle's DER re-encoding of what it parsed gives them back, with nothing after them.
/// </summary>
internal static class DerEncoding
{
    /// <summary>Null when <paramref name="bytes"/> is one complete DER value; otherwise what is wrong.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes)
    {
        Asn1Object parsed;
        try
        {
            parsed = Asn1Object.FromByteArray(bytes.ToArray());
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            return $"not one complete ASN.1 value: {e.Message}";
        }

        byte[] der;
        try
        {
            der = parsed.GetEncoded(Asn1Encodable.Der);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            return $"cannot be DER-encoded: {e.Message}";
        }

        if (der.AsSpan().SequenceEqual(bytes))
        {
            return null;
        }

        int at = FirstDifference(der, bytes);
        return $"BER, not DER: {bytes.Length} bytes whose DER form is {der.Length} bytes, first differing at offset {at} (a non-minimal length, indefinite length, constructed string, unsorted SET or non-canonical value)";
    }

    private static int FirstDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int length = Math.Min(a.Length, b.Length);
        for (int i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return length;
    }
}
