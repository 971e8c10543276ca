using System.Collections.Immutable;
using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>The CRL profile: issuer, signature, update times, extensions, entries and the CRL number sequence.</summary>
public sealed class CrlProfileTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    private static readonly DerObjectIdentifier PrivateOid = new("1.3.6.1.4.1.55555.1.2");

    [Fact]
    public void ValidateCrlDer_BerEncoding_IsNotDer()
    {
        byte[] ber = Ber.LongerOuterLength(pki.Crl.Der());
        string pem = System.Security.Cryptography.PemEncoding.WriteString(PkiPem.CrlLabel, ber);

        ProfileAssert.Rejected(CrlRejection.NotDer, pki.Validator.ValidateCrlDer(ber));
        ProfileAssert.Rejected(CrlRejection.NotDer, pki.Validator.ValidateCrl(OrganisationCrl.Parse(pem)));
        Assert.Throws<ArgumentException>(() => RevocationList.FromCrls([OrganisationCrl.Parse(pem)], pki.Validator));
    }

    [Fact]
    public void ValidateCrl_Version1_IsUnsupportedVersion()
    {
        CrlSpec spec = pki.Crl with { Version = 1, Extensions = [] };

        ProfileAssert.Rejected(CrlRejection.UnsupportedVersion, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Fact]
    public void ValidateCrl_IssuerNameNotACa_IsUnknownCa()
    {
        CrlSpec spec = pki.Crl with { Issuer = Names.Of(Names.Rdn(X509Name.CN, "prof CA"), Names.Rdn(X509Name.O, "prof")) };

        ProfileAssert.Rejected(CrlRejection.UnknownCa, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Fact]
    public void ValidateCrl_IssuerFailsCertificateProfile_IsIssuerRejected()
    {
        CertificateSpec ca = pki.CaSpec.Critical(X509Extensions.BasicConstraints, false);

        CrlValidationResult result = new CertificateValidator([ca.Sign()]).ValidateCrlDer(pki.Crl.Der());

        ProfileAssert.Rejected(CrlRejection.IssuerRejected, result);
        Assert.Contains("ExtensionCriticality", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateCrl_IssuerWithoutCrlSign_IsNotCrlSigner()
    {
        CertificateSpec ca = pki.CaSpec.With(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.DigitalSignature));
        var validator = new CertificateValidator([ca.Sign()]);

        ProfileAssert.Rejected(CrlRejection.NotCrlSigner, validator.ValidateCrlDer(pki.Crl.Der()));
        ProfileAssert.Valid(validator.ValidateDer(pki.Signing.Der(), ProfileFixture.Now)); // it may still issue certificates
        Assert.Throws<ArgumentException>(() => RevocationList.FromCrls([pki.Crl.Sign()], validator));
    }

    [Fact]
    public void ValidateCrl_SignedWithSha384ByP256Ca_IsSignatureAlgorithm()
    {
        ProfileAssert.Rejected(CrlRejection.SignatureAlgorithm, pki.Validator.ValidateCrlDer((pki.Crl with { SignatureAlgorithm = "SHA384WITHECDSA" }).Der()));
    }

    [Fact]
    public void ValidateCrl_SignedByAnotherKey_IsBadSignature()
    {
        ProfileAssert.Rejected(CrlRejection.BadSignature, pki.Validator.ValidateCrlDer((pki.Crl with { SignerKey = pki.TlsKey.Private }).Der()));
    }

    [Fact]
    public void ValidateCrl_NoNextUpdate_IsInvalidUpdateTimes()
    {
        ProfileAssert.Rejected(CrlRejection.InvalidUpdateTimes, pki.Validator.ValidateCrlDer((pki.Crl with { NextUpdate = null }).Der()));
    }

    [Fact]
    public void ValidateCrl_NextUpdateNotAfterThisUpdate_IsInvalidUpdateTimes()
    {
        CrlSpec spec = pki.Crl with { NextUpdate = pki.Crl.ThisUpdate };

        ProfileAssert.Rejected(CrlRejection.InvalidUpdateTimes, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Fact]
    public void ValidateCrl_ThisUpdateAsGeneralizedTime_IsInvalidUpdateTimes()
    {
        CrlSpec spec = pki.Crl with { ThisUpdate = new Time(new Asn1GeneralizedTime("20260601000000Z")) };

        ProfileAssert.Rejected(CrlRejection.InvalidUpdateTimes, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Fact]
    public void ValidateCrl_EntrySerialZero_IsInvalidSerial()
    {
        CrlSpec spec = pki.Crl with { Entries = [new CrlEntrySpec(BigInteger.Zero, pki.Crl.ThisUpdate)] };

        ProfileAssert.Rejected(CrlRejection.InvalidSerial, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Fact]
    public void ValidateCrl_UnknownCriticalCrlExtension_IsUnknownCriticalExtension()
    {
        ProfileAssert.Rejected(CrlRejection.UnknownCriticalExtension, pki.Validator.ValidateCrlDer(pki.Crl.With(PrivateOid, true, DerNull.Instance).Der()));
    }

    [Fact]
    public void ValidateCrl_UnknownCriticalEntryExtension_IsUnknownCriticalExtension()
    {
        CrlEntrySpec entry = pki.Crl.Entries[0] with { Extensions = [ExtensionSpec.Of(PrivateOid, true, DerNull.Instance)] };

        ProfileAssert.Rejected(CrlRejection.UnknownCriticalExtension, pki.Validator.ValidateCrlDer((pki.Crl with { Entries = [entry] }).Der()));
    }

    [Theory]
    [InlineData("cRLNumber")]
    [InlineData("authorityKeyIdentifier")]
    public void ValidateCrl_ExtensionMarkedCritical_IsExtensionCriticality(string extension)
    {
        DerObjectIdentifier oid = extension == "cRLNumber" ? X509Extensions.CrlNumber : X509Extensions.AuthorityKeyIdentifier;
        CrlSpec spec = pki.Crl with { Extensions = pki.Crl.Extensions.Select(e => e.Oid.Equals(oid) ? e with { Critical = true } : e).ToImmutableList() };

        ProfileAssert.Rejected(CrlRejection.ExtensionCriticality, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Theory]
    [InlineData("issuingDistributionPoint")]
    [InlineData("deltaCRLIndicator")]
    [InlineData("certificateIssuer")]
    public void ValidateCrl_PartialIndirectOrDeltaExtension_IsForbiddenExtension(string extension)
    {
        CrlSpec spec = extension switch
        {
            "issuingDistributionPoint" => pki.Crl.With(X509Extensions.IssuingDistributionPoint, true, new IssuingDistributionPoint(null, true, false, null, false, false)),
            "deltaCRLIndicator" => pki.Crl.With(X509Extensions.DeltaCrlIndicator, true, DerInteger.ValueOf(4)),
            _ => pki.Crl with
            {
                Entries = [pki.Crl.Entries[0] with { Extensions = [ExtensionSpec.Of(X509Extensions.CertificateIssuer, true, new GeneralNames(new GeneralName(ProfileFixture.CaName)))] }],
            },
        };

        ProfileAssert.Rejected(CrlRejection.ForbiddenExtension, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Theory]
    [InlineData("cRLNumber")]
    [InlineData("authorityKeyIdentifier")]
    public void ValidateCrl_RequiredExtensionAbsent_IsMissingExtension(string extension)
    {
        CrlSpec spec = pki.Crl.Without(extension == "cRLNumber" ? X509Extensions.CrlNumber : X509Extensions.AuthorityKeyIdentifier);

        ProfileAssert.Rejected(CrlRejection.MissingExtension, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    public static TheoryData<string> BadContents => ["negative CRL number", "CRL number over 20 octets", "AKI of another key", "reason removeFromCRL", "reason as INTEGER"];

    [Theory]
    [MemberData(nameof(BadContents))]
    public void ValidateCrl_ExtensionContentOutsideProfile_IsMalformedExtension(string content)
    {
        CrlSpec spec = content switch
        {
            "negative CRL number" => pki.Crl.With(X509Extensions.CrlNumber, false, DerInteger.ValueOf(-1)),
            "CRL number over 20 octets" => pki.Crl.With(X509Extensions.CrlNumber, false, new DerInteger(BigInteger.One.ShiftLeft(160))),
            "AKI of another key" => pki.Crl.With(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[20])),
            "reason removeFromCRL" => WithReason(new CrlReason(CrlReason.RemoveFromCrl)),
            _ => WithReason(DerInteger.ValueOf(1)),
        };

        ProfileAssert.Rejected(CrlRejection.MalformedExtension, pki.Validator.ValidateCrlDer(spec.Der()));
    }

    [Fact]
    public void ValidateCrl_ReasonKeyCompromise_IsValid()
    {
        ProfileAssert.Valid(pki.Validator.ValidateCrlDer(WithReason(new CrlReason(CrlReason.KeyCompromise)).Der()));
    }

    [Fact]
    public void ValidateCrl_NumberBelowPrevious_IsCrlNumberNotIncreasing()
    {
        OrganisationCrl previous = pki.Crl.Sign();
        OrganisationCrl older = pki.Crl.With(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(4))).Sign();

        ProfileAssert.Rejected(CrlRejection.CrlNumberNotIncreasing, pki.Validator.ValidateCrl(older, previous));
        ProfileAssert.Valid(pki.Validator.ValidateCrl(older)); // on its own it is a good CRL
    }

    [Fact]
    public void ValidateCrl_SameNumberOtherContents_IsCrlNumberNotIncreasing()
    {
        OrganisationCrl previous = pki.Crl.Sign();
        OrganisationCrl other = (pki.Crl with { Entries = [] }).Sign();

        ProfileAssert.Rejected(CrlRejection.CrlNumberNotIncreasing, pki.Validator.ValidateCrl(other, previous));
    }

    [Fact]
    public void ValidateCrl_SameCrlAgainOrHigherNumber_IsValid()
    {
        OrganisationCrl previous = pki.Crl.Sign();
        OrganisationCrl next = pki.Crl.With(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(6))).Sign();

        ProfileAssert.Valid(pki.Validator.ValidateCrl(OrganisationCrl.ParseDer(previous.Crl.GetEncoded()), previous));
        ProfileAssert.Valid(pki.Validator.ValidateCrl(next, previous));
    }

    private CrlSpec WithReason(Asn1Encodable reason) => pki.Crl with
    {
        Entries = [pki.Crl.Entries[0] with { Extensions = [ExtensionSpec.Of(X509Extensions.ReasonCode, false, reason)] }],
    };
}
