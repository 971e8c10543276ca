using Ledger.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>Key types and sizes, and the signature algorithm that goes with the issuer's key.</summary>
public sealed class CertificateKeyTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    public static TheoryData<string> ForbiddenCaKeys => ["P-192", "secp256k1", "RSA-1024", "RSA-2048", "DSA-1024", "Ed25519", "P-256 explicit"];

    [Theory]
    [MemberData(nameof(ForbiddenCaKeys))]
    public void Validate_CaWithForbiddenKey_IsCaKeyNotAllowed(string kind)
    {
        (AsymmetricCipherKeyPair key, string algorithm) = ProfileFixture.KeyOfKind(kind);
        CertificateSpec ca = ProfileFixture.Authority(CertificateNames.Ca("weak"), key, algorithm);
        CertificateSpec leaf = ProfileFixture.IssuedBy(ca, key, CertificateNames.Identity("weak", CertificateRole.Member, "weak-m1"), pki.MemberKey);

        CertificateValidationResult result = new CertificateValidator([ca.Sign()]).ValidateDer(leaf.Der(), ProfileFixture.Now);

        ProfileAssert.Rejected(CertificateRejection.CaKeyNotAllowed, result);
        Assert.Contains("organisation CA", result.Detail, StringComparison.Ordinal);
        Assert.Equal(CertificateRejection.CaKeyNotAllowed, CertificateValidator.CheckAuthority(ca.Sign())?.Reason);
    }

    [Fact]
    public void Validate_P384CaSigningWithSha384_IsValid()
    {
        (AsymmetricCipherKeyPair key, string algorithm) = ProfileFixture.KeyOfKind("P-384");
        CertificateSpec ca = ProfileFixture.Authority(CertificateNames.Ca("big"), key, algorithm);
        CertificateSpec leaf = ProfileFixture.IssuedBy(ca, key, CertificateNames.Identity("big", CertificateRole.Member, "big-m1"), pki.MemberKey);

        ProfileAssert.Valid(new CertificateValidator([ca.Sign()]).ValidateDer(leaf.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_P384CaSigningWithSha256_IsSignatureAlgorithm()
    {
        (AsymmetricCipherKeyPair key, string algorithm) = ProfileFixture.KeyOfKind("P-384");
        CertificateSpec ca = ProfileFixture.Authority(CertificateNames.Ca("big"), key, algorithm);
        CertificateSpec leaf = ProfileFixture.IssuedBy(ca, key, CertificateNames.Identity("big", CertificateRole.Member, "big-m1"), pki.MemberKey)
            with { SignatureAlgorithm = "SHA256WITHECDSA" };

        ProfileAssert.Rejected(CertificateRejection.SignatureAlgorithm, new CertificateValidator([ca.Sign()]).ValidateDer(leaf.Der(), ProfileFixture.Now));
    }

    [Theory]
    [InlineData("P-384")]
    [InlineData("P-256 explicit")]
    public void Validate_TlsKeyNotNamedP256_IsWrongKeyType(string kind)
    {
        CertificateSpec spec = pki.Tls with { PublicKey = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(ProfileFixture.KeyOfKind(kind).Key.Public) };

        ProfileAssert.Rejected(CertificateRejection.WrongKeyType, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now, CertificatePurpose.Tls));
    }

    [Fact]
    public void Validate_Ed25519KeyWithParameters_IsWrongKeyType()
    {
        var key = new SubjectPublicKeyInfo(new AlgorithmIdentifier(Org.BouncyCastle.Asn1.EdEC.EdECObjectIdentifiers.id_Ed25519, DerNull.Instance), pki.MemberKey.GetEncoded());

        ProfileAssert.Rejected(CertificateRejection.WrongKeyType, pki.Validator.ValidateDer((pki.Signing with { PublicKey = key }).Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_LeafSignedWithSha384ByP256Ca_IsSignatureAlgorithm()
    {
        CertificateSpec spec = pki.Signing with { SignatureAlgorithm = "SHA384WITHECDSA" };

        ProfileAssert.Rejected(CertificateRejection.SignatureAlgorithm, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_InnerAlgorithmDiffersFromOuter_IsSignatureAlgorithm()
    {
        CertificateSpec spec = pki.Signing with { InnerAlgorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha384) };

        ProfileAssert.Rejected(CertificateRejection.SignatureAlgorithm, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_EcdsaAlgorithmWithNullParameters_IsSignatureAlgorithm()
    {
        var withNull = new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256, DerNull.Instance);
        CertificateSpec spec = pki.Signing with { InnerAlgorithm = withNull, OuterAlgorithm = withNull };

        ProfileAssert.Rejected(CertificateRejection.SignatureAlgorithm, pki.Validator.ValidateDer(spec.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaSelfSignedWithWrongHash_IsSignatureAlgorithm()
    {
        CertificateSpec ca = pki.CaSpec with { SignatureAlgorithm = "SHA384WITHECDSA" };

        ProfileAssert.Rejected(CertificateRejection.SignatureAlgorithm, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }

    [Fact]
    public void Validate_CaSelfSignatureByAnotherKey_IsBadSignature()
    {
        CertificateSpec ca = pki.CaSpec with { SignerKey = pki.TlsKey.Private };

        ProfileAssert.Rejected(CertificateRejection.BadSignature, new CertificateValidator([ca.Sign()]).ValidateDer(pki.Signing.Der(), ProfileFixture.Now));
    }
}
