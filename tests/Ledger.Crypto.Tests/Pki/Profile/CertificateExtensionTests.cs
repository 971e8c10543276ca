using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>The extension table: unknown critical, forbidden, criticality, decoding, presence, and the authority key identifier.</summary>
public sealed class CertificateExtensionTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    private static readonly DerObjectIdentifier PrivateOid = new("1.3.6.1.4.1.55555.1.1");

    private static readonly AuthorityInformationAccess Aia = new(X509ObjectIdentifiers.IdADCAIssuers, new GeneralName(GeneralName.UniformResourceIdentifier, "http://ca.example/ca.crt"));

    private static readonly CrlDistPoint CrlDp = new([new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, "http://ca.example/crl"))), null, null)]);

    private static readonly CertificatePolicies Policies = new(new PolicyInformation(new DerObjectIdentifier("2.23.140.1.2.1")));

    [Fact]
    public void Validate_UnknownCriticalExtensionOnLeaf_IsUnknownCriticalExtension()
    {
        CertificateSpec spec = pki.Signing.With(PrivateOid, true, DerNull.Instance);

        ProfileAssert.Rejected(CertificateRejection.UnknownCriticalExtension, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_UnknownCriticalExtensionOnCa_IsUnknownCriticalExtension()
    {
        CertificateSpec ca = pki.CaSpec.With(PrivateOid, true, DerNull.Instance);

        ProfileAssert.Rejected(CertificateRejection.UnknownCriticalExtension, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_UnknownNonCriticalExtension_IsValid()
    {
        CertificateSpec spec = pki.Signing.With(PrivateOid, false, DerNull.Instance);

        ProfileAssert.Valid(pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_UnknownNonCriticalExtensionInBer_IsNotDer()
    {
        CertificateSpec spec = pki.Signing.With(new ExtensionSpec(PrivateOid, false, [0x04, 0x81, 0x01, 0x00]));

        ProfileAssert.Rejected(CertificateRejection.NotDer, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    public static TheoryData<string> MustNotBeCritical => ["authorityKeyIdentifier", "subjectKeyIdentifier", "authorityInfoAccess", "cRLDistributionPoints", "certificatePolicies", "subjectAltName", "extKeyUsage"];

    [Theory]
    [MemberData(nameof(MustNotBeCritical))]
    public void Validate_NonCriticalExtensionMarkedCritical_IsExtensionCriticality(string extension)
    {
        CertificateSpec tls = pki.Tls.With(X509Extensions.AuthorityInfoAccess, false, Aia)
            .With(X509Extensions.CrlDistributionPoints, false, CrlDp)
            .With(X509Extensions.CertificatePolicies, false, Policies);
        ProfileAssert.Valid(pki.Validator.ValidateDer(tls.Der(), ProfileFixture.Now, CertificatePurpose.Tls));

        CertificateSpec spec = tls.Critical(OidOf(extension), true);

        ProfileAssert.Rejected(CertificateRejection.ExtensionCriticality, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now, CertificatePurpose.Tls));
    }

    [Theory]
    [InlineData("basicConstraints")]
    [InlineData("keyUsage")]
    public void Validate_CaConstraintNotCritical_IsExtensionCriticality(string extension)
    {
        CertificateSpec ca = pki.CaSpec.Critical(OidOf(extension), false);

        CertificateValidationResult result = new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now);

        ProfileAssert.Rejected(CertificateRejection.ExtensionCriticality, result);
        Assert.Contains(extension, result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("basicConstraints")]
    [InlineData("keyUsage")]
    public void Validate_LeafConstraintNotCritical_IsExtensionCriticality(string extension)
    {
        CertificateSpec spec = pki.Signing.Critical(OidOf(extension), false);

        ProfileAssert.Rejected(CertificateRejection.ExtensionCriticality, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    public static TheoryData<string> Undecodable => ["subjectAltName", "authorityInfoAccess", "cRLDistributionPoints", "certificatePolicies", "subjectKeyIdentifier", "authorityKeyIdentifier", "extKeyUsage"];

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void Validate_ExtensionValueOfWrongType_IsMalformedExtension(string extension)
    {
        // A well-formed DER value of the wrong type: the extension is never used for a member's
        // signing certificate, and still refused.
        DerObjectIdentifier oid = OidOf(extension);
        CertificateSpec tls = pki.Tls;
        bool critical = tls.Extensions.FirstOrDefault(e => e.Oid.Equals(oid))?.Critical ?? false;
        CertificateSpec spec = tls.With(oid, critical, new DerSet(DerInteger.ValueOf(7)));

        ProfileAssert.Rejected(CertificateRejection.MalformedExtension, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now, CertificatePurpose.Tls));
    }

    [Theory]
    [InlineData("basicConstraints")]
    [InlineData("keyUsage")]
    public void Validate_ConstraintValueOfWrongType_IsMalformed(string extension)
    {
        // BouncyCastle decodes these two while reading the certificate, so it is unreadable, not merely its extension.
        DerObjectIdentifier oid = OidOf(extension);
        CertificateSpec spec = pki.Tls.With(oid, true, new DerSet(DerInteger.ValueOf(7)));

        ProfileAssert.Rejected(CertificateRejection.Malformed, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now, CertificatePurpose.Tls));
    }

    public static TheoryData<string> BadContents => ["empty SAN", "5-octet IP", "URI in a TLS SAN", "DNS name with a space", "no key usage bit", "empty EKU", "pathLen without cA", "AKI without keyIdentifier", "AKI serial without issuer"];

    [Theory]
    [MemberData(nameof(BadContents))]
    public void Validate_ExtensionContentOutsideProfile_IsMalformedExtension(string content)
    {
        var caIssuer = new GeneralNames(new GeneralName(ProfileFixture.CaName));
        CertificateSpec spec = content switch
        {
            "empty SAN" => pki.Tls.With(new ExtensionSpec(X509Extensions.SubjectAlternativeName, false, new DerSequence().GetEncoded())),
            "5-octet IP" => pki.Tls.With(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.IPAddress, new DerOctetString(new byte[5])))),
            "URI in a TLS SAN" => pki.Tls.With(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, "https://prof-v1"))),
            "DNS name with a space" => pki.Tls.With(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.DnsName, "prof v1"))),
            "no key usage bit" => pki.Tls.With(X509Extensions.KeyUsage, true, new KeyUsage(0)),
            "empty EKU" => pki.Tls.With(new ExtensionSpec(X509Extensions.ExtendedKeyUsage, false, new DerSequence().GetEncoded())),
            "pathLen without cA" => pki.Tls.With(new ExtensionSpec(X509Extensions.BasicConstraints, true, new DerSequence(DerInteger.ValueOf(0)).GetEncoded())),
            "AKI without keyIdentifier" => pki.Tls.With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(caIssuer, pki.CaSpec.Serial)),
            "AKI serial without issuer" => pki.Tls.With(new ExtensionSpec(X509Extensions.AuthorityKeyIdentifier, false,
                new DerSequence(new DerTaggedObject(false, 0, new DerOctetString(pki.CaKeyId)), new DerTaggedObject(false, 2, new DerInteger(pki.CaSpec.Serial))).GetEncoded())),
            _ => throw new ArgumentOutOfRangeException(nameof(content)),
        };

        ProfileAssert.Rejected(CertificateRejection.MalformedExtension, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now, CertificatePurpose.Tls));
    }

    public static TheoryData<string, string> Forbidden => new()
    {
        { "ca", "nameConstraints" },
        { "ca", "policyConstraints" },
        { "ca", "policyMappings" },
        { "ca", "inhibitAnyPolicy" },
        { "ca", "extKeyUsage" },
        { "signing", "nameConstraints" },
        { "signing", "extKeyUsage" },
        { "tls", "inhibitAnyPolicy" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Validate_ForbiddenExtension_IsForbiddenExtension(string where, string extension)
    {
        (DerObjectIdentifier oid, bool critical, Asn1Encodable value) = extension switch
        {
            "nameConstraints" => (X509Extensions.NameConstraints, true, (Asn1Encodable)NameConstraints.GetInstance(new DerSequence(new DerTaggedObject(false, 0, new DerSequence(new GeneralSubtree(new GeneralName(GeneralName.DnsName, "example"))))))),
            "policyConstraints" => (X509Extensions.PolicyConstraints, true, new DerSequence(new DerTaggedObject(false, 0, DerInteger.ValueOf(0)))),
            "policyMappings" => (X509Extensions.PolicyMappings, true, new DerSequence(new DerSequence(new DerObjectIdentifier("2.5.29.32.0"), new DerObjectIdentifier("1.2.3")))),
            "inhibitAnyPolicy" => (X509Extensions.InhibitAnyPolicy, true, DerInteger.ValueOf(0)),
            "extKeyUsage" => (X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth)),
            _ => throw new ArgumentOutOfRangeException(nameof(extension)),
        };

        CertificateValidationResult result = where switch
        {
            "ca" => new CertificateValidator([pki.CaSpec.With(oid, critical, value).Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now),
            "signing" => pki.Validator.ValidateDer(pki.Signing.With(oid, critical, value).Der(), ProfileFixture.Now),
            _ => pki.Validator.ValidateDer(pki.Tls.With(oid, critical, value).Der(), ProfileFixture.Now, CertificatePurpose.Tls),
        };

        ProfileAssert.Rejected(CertificateRejection.ForbiddenExtension, result);
    }

    public static TheoryData<string, string> Required => new()
    {
        { "ca", "basicConstraints" },
        { "ca", "keyUsage" },
        { "ca", "subjectKeyIdentifier" },
        { "signing", "keyUsage" },
        { "signing", "authorityKeyIdentifier" },
        { "tls", "extKeyUsage" },
        { "tls", "subjectAltName" },
    };

    [Theory]
    [MemberData(nameof(Required))]
    public void Validate_RequiredExtensionAbsent_IsMissingExtension(string where, string extension)
    {
        DerObjectIdentifier oid = OidOf(extension);
        CertificateValidationResult result = where switch
        {
            "ca" => new CertificateValidator([pki.CaSpec.Without(oid).Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now),
            "signing" => pki.Validator.ValidateDer(pki.Signing.Without(oid).Der(), ProfileFixture.Now),
            _ => pki.Validator.ValidateDer(pki.Tls.Without(oid).Der(), ProfileFixture.Now, CertificatePurpose.Tls),
        };

        ProfileAssert.Rejected(CertificateRejection.MissingExtension, result);
        Assert.Contains(extension, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExtensionRepeated_IsMalformed()
    {
        CertificateSpec spec = pki.Signing.WithAnother(ExtensionSpec.Of(PrivateOid, false, DerNull.Instance)).WithAnother(ExtensionSpec.Of(PrivateOid, false, DerNull.Instance));

        ProfileAssert.Rejected(CertificateRejection.Malformed, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_AuthorityKeyIdentifierOfAnotherKey_IsMalformedExtension()
    {
        CertificateSpec spec = pki.Signing.With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[20]));

        ProfileAssert.Rejected(CertificateRejection.MalformedExtension, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_AuthorityKeyIdentifierAlsoNamingTheCa_IsValid()
    {
        // The form BouncyCastle's CreateAuthorityKeyIdentifier(certificate) writes, and this project wrote before.
        var issuer = new GeneralNames(new GeneralName(ProfileFixture.CaName));
        CertificateSpec spec = pki.Signing.With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(pki.CaKeyId, issuer, pki.CaSpec.Serial));

        ProfileAssert.Valid(pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_AuthorityKeyIdentifierNamingAnotherCaSerial_IsMalformedExtension()
    {
        var issuer = new GeneralNames(new GeneralName(ProfileFixture.CaName));
        CertificateSpec spec = pki.Signing.With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(pki.CaKeyId, issuer, pki.CaSpec.Serial.Add(BigInteger.One)));

        ProfileAssert.Rejected(CertificateRejection.MalformedExtension, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaAuthorityKeyIdentifierNotItsOwn_IsMalformedExtension()
    {
        CertificateSpec ca = pki.CaSpec.With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[20]));

        ProfileAssert.Rejected(CertificateRejection.MalformedExtension, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }

    private static DerObjectIdentifier OidOf(string name) => name switch
    {
        "basicConstraints" => X509Extensions.BasicConstraints,
        "keyUsage" => X509Extensions.KeyUsage,
        "extKeyUsage" => X509Extensions.ExtendedKeyUsage,
        "subjectKeyIdentifier" => X509Extensions.SubjectKeyIdentifier,
        "authorityKeyIdentifier" => X509Extensions.AuthorityKeyIdentifier,
        "subjectAltName" => X509Extensions.SubjectAlternativeName,
        "authorityInfoAccess" => X509Extensions.AuthorityInfoAccess,
        "cRLDistributionPoints" => X509Extensions.CrlDistributionPoints,
        "certificatePolicies" => X509Extensions.CertificatePolicies,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
