using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>The fields of a certificate or CRL outside its extensions: version, serials, times, unique identifiers.</summary>
internal static class FieldProfile
{
    /// <summary>The first field rule <paramref name="certificate"/> breaks, or null.</summary>
    public static ProfileViolation? Check(X509CertificateStructure certificate)
    {
        TbsCertificateStructure tbs = certificate.TbsCertificate;
        if (tbs.Version != 3)
        {
            return new ProfileViolation(CertificateRejection.UnsupportedVersion, $"version {tbs.Version}; the profile accepts X.509 version 3 only");
        }

        if (SerialProblem(tbs.SerialNumber.Value) is { } serial)
        {
            return new ProfileViolation(CertificateRejection.InvalidSerial, serial);
        }

        if (tbs.IssuerUniqueID is not null || tbs.SubjectUniqueID is not null)
        {
            return new ProfileViolation(CertificateRejection.UniqueIdentifierPresent,
                "issuerUniqueID and subjectUniqueID must be absent (RFC 5280 4.1.2.8: conforming CAs do not generate them)");
        }

        string? validity = TimeProblem(tbs.StartDate, "notBefore") ?? TimeProblem(tbs.EndDate, "notAfter");
        if (validity is null && tbs.EndDate.ToDateTime() < tbs.StartDate.ToDateTime())
        {
            validity = $"notAfter {tbs.EndDate.ToDateTime():O} is before notBefore {tbs.StartDate.ToDateTime():O}";
        }

        return validity is null ? null : new ProfileViolation(CertificateRejection.InvalidValidity, validity);
    }

    /// <summary>RFC 5280 4.1.2.2: a positive integer of at most 20 octets.</summary>
    public static string? SerialProblem(BigInteger serial)
    {
        if (serial.SignValue <= 0)
        {
            return $"serial number {serial} is not positive";
        }

        return serial.BitLength > ExtensionValueChecks.MaxIntegerBits ? $"serial number of {serial.BitLength} bits is longer than 20 octets" : null;
    }

    /// <summary>
    /// RFC 5280 4.1.2.5: UTCTime through 2049 and GeneralizedTime from 2050, both in whole seconds
    /// and Zulu ("YYMMDDHHMMSSZ", "YYYYMMDDHHMMSSZ"), so a time has one encoding.
    /// </summary>
    public static string? TimeProblem(Time time, string field)
    {
        switch (time.ToAsn1Object())
        {
            case Asn1UtcTime utc:
                return utc.TimeString.Length == 13 && utc.TimeString[12] == 'Z' && utc.TimeString[..12].All(char.IsAsciiDigit)
                    ? null
                    : $"{field} UTCTime '{utc.TimeString}' is not YYMMDDHHMMSSZ";
            case Asn1GeneralizedTime generalized:
                if (generalized.TimeString.Length != 15 || generalized.TimeString[14] != 'Z' || !generalized.TimeString[..14].All(char.IsAsciiDigit))
                {
                    return $"{field} GeneralizedTime '{generalized.TimeString}' is not YYYYMMDDHHMMSSZ";
                }

                return generalized.ToDateTime().Year >= 2050 ? null : $"{field} is a GeneralizedTime before 2050, which must be a UTCTime";
            default:
                return $"{field} is neither UTCTime nor GeneralizedTime";
        }
    }
}
