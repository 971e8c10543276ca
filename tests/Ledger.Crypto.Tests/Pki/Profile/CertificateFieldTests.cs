using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>Version, serial number, unique identifiers and validity of an identity certificate.</summary>
public sealed class CertificateFieldTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Validate_NotVersion3_IsUnsupportedVersion(int version)
    {
        // Version 1 cannot carry extensions; version 2 may not either (RFC 5280 4.1.2.1).
        CertificateSpec spec = pki.Signing with { Version = version, Extensions = [] };

        ProfileAssert.Rejected(CertificateRejection.UnsupportedVersion, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    public static TheoryData<string> BadSerials => ["0", "-5", "1461501637330902918203684832716283019655932542976"]; // the last is 2^160, 21 octets

    [Theory]
    [MemberData(nameof(BadSerials))]
    public void Validate_SerialNotPositiveOrOver20Octets_IsInvalidSerial(string serial)
    {
        CertificateSpec spec = pki.Signing with { Serial = new BigInteger(serial) };

        ProfileAssert.Rejected(CertificateRejection.InvalidSerial, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_SerialOfExactly20Octets_IsValid()
    {
        CertificateSpec spec = pki.Signing with { Serial = BigInteger.One.ShiftLeft(159).Subtract(BigInteger.One) };

        ProfileAssert.Valid(pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_SubjectUniqueIdentifier_IsUniqueIdentifierPresent()
    {
        CertificateSpec spec = pki.Signing with { SubjectUniqueId = new DerBitString([0x01]) };

        ProfileAssert.Rejected(CertificateRejection.UniqueIdentifierPresent, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_IssuerUniqueIdentifier_IsUniqueIdentifierPresent()
    {
        CertificateSpec spec = pki.Signing with { IssuerUniqueId = new DerBitString([0x01]) };

        ProfileAssert.Rejected(CertificateRejection.UniqueIdentifierPresent, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_GeneralizedTimeBefore2050_IsInvalidValidity()
    {
        CertificateSpec spec = pki.Signing with { NotAfter = new Time(new Asn1GeneralizedTime("20270101000000Z")) };

        ProfileAssert.Rejected(CertificateRejection.InvalidValidity, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_GeneralizedTimeWithFractionalSeconds_IsInvalidValidity()
    {
        // DER allows the fraction (X.690 11.7); RFC 5280 4.1.2.5.2 does not. (A UTCTime without
        // seconds is not DER at all, so it is refused as NotDer before this rule is reached.)
        CertificateSpec spec = pki.Signing with { NotAfter = new Time(new Asn1GeneralizedTime("20500101000000.5Z")) };

        ProfileAssert.Rejected(CertificateRejection.InvalidValidity, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_NotAfterBeforeNotBefore_IsInvalidValidity()
    {
        CertificateSpec spec = pki.Signing with { NotBefore = new Time(ProfileFixture.LeafUntil), NotAfter = new Time(ProfileFixture.LeafFrom) };

        ProfileAssert.Rejected(CertificateRejection.InvalidValidity, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_GeneralizedTimeFrom2050_IsValid()
    {
        CertificateSpec spec = pki.Signing with { NotAfter = new Time(new Asn1GeneralizedTime("20500101000000Z")) };

        ProfileAssert.Valid(pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }
}
