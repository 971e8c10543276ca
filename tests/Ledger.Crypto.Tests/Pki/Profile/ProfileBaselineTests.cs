using Ledger.Crypto.Pki;

namespace Ledger.Crypto.Tests.Pki.Profile;

/// <summary>The fixture's defaults meet the profile, so a rule test that changes one thing fails for that thing only.</summary>
public sealed class ProfileBaselineTests(ProfileFixture pki) : IClassFixture<ProfileFixture>
{
    [Fact]
    public void Validate_DefaultSigningCertificate_IsValid()
    {
        ProfileAssert.Valid(pki.Validator.ValidateDer(pki.Signing.Der(), ProfileFixture.Now, CertificatePurpose.Signing, CertificateRole.Member));
    }

    [Fact]
    public void Validate_DefaultTlsCertificate_IsValid()
    {
        ProfileAssert.Valid(pki.Validator.ValidateDer(pki.Tls.Der(), ProfileFixture.Now, CertificatePurpose.Tls, CertificateRole.Validator));
    }

    [Fact]
    public void CheckAuthority_DefaultCa_MeetsProfile()
    {
        Assert.Null(CertificateValidator.CheckAuthority(pki.Ca));
    }

    [Fact]
    public void ValidateCrl_DefaultCrl_IsValid()
    {
        ProfileAssert.Valid(pki.Validator.ValidateCrlDer(pki.Crl.Der()));
    }
}
