using Ledger.Crypto.Pki;

namespace Ledger.Crypto.Tests.Pki;

public sealed class OrganisationCrlTests : IClassFixture<PkiFixture>
{
    private readonly PkiFixture _pki;

    public OrganisationCrlTests(PkiFixture pki) => _pki = pki;

    [Fact]
    public void IssueCrl_PemRoundTrip_KeepsFieldsAndSignature()
    {
        string serial = CertificateNames.SerialHex(_pki.MemberCert.SerialNumber);
        OrganisationCrl crl = _pki.Org1.IssueCrl([serial], PkiFixture.Now, PkiFixture.Now.AddDays(7), crlNumber: 3);

        OrganisationCrl parsed = OrganisationCrl.Parse(crl.ToPem());

        Assert.Equal("org1", parsed.Organisation);
        Assert.Equal([serial], parsed.RevokedSerials);
        Assert.Equal(PkiFixture.Now, parsed.ThisUpdate);
        Assert.Equal(PkiFixture.Now.AddDays(7), parsed.NextUpdate);
        Assert.Equal(3, parsed.CrlNumber);
        Assert.True(parsed.IsSignedBy(_pki.Org1.Certificate));
        Assert.False(parsed.IsSignedBy(_pki.Org2.Certificate));
        Assert.True(parsed.IsRevoked(serial));
        Assert.True(parsed.IsCurrent(PkiFixture.Now.AddDays(1)));
        Assert.False(parsed.IsCurrent(PkiFixture.Now.AddDays(8)));
    }

    [Fact]
    public void IssueCrl_Empty_HasNoSerials()
    {
        OrganisationCrl crl = OrganisationCrl.Parse(_pki.Org1.IssueCrl([], PkiFixture.Now, PkiFixture.Now.AddDays(1), 0).ToPem());

        Assert.Empty(crl.RevokedSerials);
        Assert.True(crl.IsSignedBy(_pki.Org1.Certificate));
    }

    [Fact]
    public void FromCrls_RevokedSerial_ValidatorRejectsAsRevoked()
    {
        string serial = CertificateNames.SerialHex(_pki.ValidatorCert.SerialNumber);
        OrganisationCrl crl = _pki.Org1.IssueCrl([serial], PkiFixture.Now, PkiFixture.Now.AddDays(7), 1);

        RevocationList revocations = RevocationList.FromCrls([crl], [_pki.Org1.Certificate, _pki.Org2.Certificate]);
        CertificateValidationResult result = _pki.BothOrgs.WithRevocations(revocations).Validate(_pki.ValidatorCert, PkiFixture.Now);

        Assert.Equal(CertificateRejection.Revoked, result.Reason);
        Assert.True(_pki.BothOrgs.WithRevocations(revocations).Validate(_pki.MemberCert, PkiFixture.Now).IsValid);
    }

    [Fact]
    public void FromCrls_CrlFromUntrustedCa_Throws()
    {
        OrganisationCrl crl = _pki.Org2.IssueCrl(["1f"], PkiFixture.Now, PkiFixture.Now.AddDays(7), 1);

        Assert.Throws<ArgumentException>(() => RevocationList.FromCrls([crl], [_pki.Org1.Certificate]));
    }

    [Fact]
    public void IsSignedBy_TamperedCrl_IsFalse()
    {
        byte[] der = _pki.Org1.IssueCrl(["abc"], PkiFixture.Now, PkiFixture.Now.AddDays(7), 1).Crl.GetEncoded();
        der[^1] ^= 0x01;

        Assert.False(OrganisationCrl.ParseDer(der).IsSignedBy(_pki.Org1.Certificate));
    }

    [Fact]
    public void RevocationList_SerialCaseAndLeadingZeros_AreNormalised()
    {
        RevocationList list = RevocationList.Empty.Add("org1", "00ABCdef");

        Assert.True(list.Contains("org1", "abcdef"));
        Assert.False(list.Contains("org2", "abcdef"));
        Assert.Throws<FormatException>(() => list.Add("org1", "xyz"));
    }
}
