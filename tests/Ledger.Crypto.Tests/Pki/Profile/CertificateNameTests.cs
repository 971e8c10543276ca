using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>Subject and issuer names.</summary>
public sealed class CertificateNameTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    public static TheoryData<string> BadSubjects => ["extra C", "multi-valued RDN", "BMPString", "CN twice", "CN with a space", "OU not a role", "no OU"];

    [Theory]
    [MemberData(nameof(BadSubjects))]
    public void Validate_SubjectOutsideProfile_IsSubjectName(string shape)
    {
        X509Name subject = shape switch
        {
            "extra C" => Names.Of(Names.Rdn(X509Name.O, "prof"), Names.Rdn(X509Name.OU, "member"), Names.Rdn(X509Name.CN, "prof-m1"), [(X509Name.C, new DerPrintableString("NL"))]),
            "multi-valued RDN" => Names.Of([(X509Name.O, new DerUtf8String("prof")), (X509Name.OU, new DerUtf8String("member"))], Names.Rdn(X509Name.CN, "prof-m1")),
            "BMPString" => Names.Of(Names.Rdn(X509Name.O, "prof"), Names.Rdn(X509Name.OU, "member"), [(X509Name.CN, new DerBmpString("prof-m1"))]),
            "CN twice" => Names.Of(Names.Rdn(X509Name.O, "prof"), Names.Rdn(X509Name.OU, "member"), Names.Rdn(X509Name.CN, "prof-m1"), Names.Rdn(X509Name.CN, "prof-m2")),
            "CN with a space" => Names.Of(Names.Rdn(X509Name.O, "prof"), Names.Rdn(X509Name.OU, "member"), Names.Rdn(X509Name.CN, "prof m1")),
            "OU not a role" => Names.Of(Names.Rdn(X509Name.O, "prof"), Names.Rdn(X509Name.OU, "Member"), Names.Rdn(X509Name.CN, "prof-m1")),
            "no OU" => Names.Of(Names.Rdn(X509Name.O, "prof"), Names.Rdn(X509Name.CN, "prof-m1")),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };

        ProfileAssert.Rejected(CertificateRejection.SubjectName, pki.Validator.ValidateDer((pki.Signing with { Subject = subject }).Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_SubjectInPrintableString_IsValid()
    {
        X509Name subject = Names.Of([(X509Name.O, new DerPrintableString("prof"))], [(X509Name.OU, new DerPrintableString("member"))], [(X509Name.CN, new DerPrintableString("prof-m1"))]);

        ProfileAssert.Valid(pki.Validator.ValidateDer((pki.Signing with { Subject = subject }).Der(), ProfileFixture.Now));
    }

    public static TheoryData<string> LookAlikeIssuers => ["upper case", "reordered", "PrintableString"];

    [Theory]
    [MemberData(nameof(LookAlikeIssuers))]
    public void Validate_IssuerNameNotByteIdentical_IsUnknownCa(string shape)
    {
        // Names that RFC 5280's comparison rules (and BouncyCastle's Equivalent) call equal; the
        // profile wants the CA's subject byte for byte, as the CA/Browser Forum does.
        X509Name issuer = shape switch
        {
            "upper case" => Names.Of(Names.Rdn(X509Name.O, "PROF"), Names.Rdn(X509Name.CN, "PROF CA")),
            "reordered" => Names.Of(Names.Rdn(X509Name.CN, "prof CA"), Names.Rdn(X509Name.O, "prof")),
            "PrintableString" => Names.Of([(X509Name.O, new DerPrintableString("prof"))], [(X509Name.CN, new DerPrintableString("prof CA"))]),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };

        ProfileAssert.Rejected(CertificateRejection.UnknownCa, pki.Validator.ValidateDer((pki.Signing with { Issuer = issuer }).Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaOrganisationNotASafeName_IsSubjectName()
    {
        X509Name name = Names.Of(Names.Rdn(X509Name.O, "prof org"), Names.Rdn(X509Name.CN, "prof CA"));
        CertificateSpec ca = ProfileFixture.Authority(name, pki.CaKey, "SHA256WITHECDSA");
        CertificateSpec leaf = ProfileFixture.IssuedBy(ca, pki.CaKey, CertificateNames.Identity("prof", CertificateRole.Member, "prof-m1"), pki.MemberKey);

        ProfileAssert.Rejected(CertificateRejection.SubjectName, new CertificateValidator([ca.Sign()]).ValidateDer(leaf.Der(), ProfileFixture.Now));
        Assert.Equal(CertificateRejection.SubjectName, CertificateValidator.CheckAuthority(ca.Sign())?.Reason);
    }
}
