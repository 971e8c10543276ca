using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// The profile of an identity certificate (signing or TLS): what can be judged of it alone, and
/// the uses it allows once its CA has vouched for it.
/// </summary>
internal static class LeafProfile
{
    /// <summary>Subject, key type, fields and extensions, in that order.</summary>
    public static ProfileViolation? CheckAlone(X509Certificate certificate, CertificatePurpose purpose)
    {
        X509CertificateStructure structure = certificate.CertificateStructure;
        TbsCertificateStructure tbs = structure.TbsCertificate;
        if (NameProfile.IdentityProblem(tbs.Subject) is { } name)
        {
            return new ProfileViolation(CertificateRejection.SubjectName, name);
        }

        string? key = purpose == CertificatePurpose.Signing
            ? KeyProfile.SigningKeyProblem(tbs.SubjectPublicKeyInfo)
            : KeyProfile.TlsKeyProblem(tbs.SubjectPublicKeyInfo);
        if (key is not null)
        {
            return new ProfileViolation(CertificateRejection.WrongKeyType, key);
        }

        if (FieldProfile.Check(structure) is { } field)
        {
            return field;
        }

        ExtensionContext context = purpose == CertificatePurpose.Signing ? ExtensionContext.SigningLeaf : ExtensionContext.TlsLeaf;
        return ExtensionProfile.Check(tbs.Extensions, context) is { } fault ? ProfileViolation.From(fault) : null;
    }

    /// <summary>
    /// Not a CA; key usage exactly digitalSignature (an identity signs, nothing else); a TLS
    /// certificate's extended key usage exactly serverAuth and clientAuth (mutual TLS both ways).
    /// </summary>
    public static ProfileViolation? CheckUsage(X509Certificate certificate, CertificatePurpose purpose)
    {
        X509Extensions extensions = certificate.CertificateStructure.TbsCertificate.Extensions;
        if (extensions.GetExtensionParsedValue(X509Extensions.BasicConstraints) is { } constraints && BasicConstraints.GetInstance(constraints).IsCA())
        {
            return new ProfileViolation(CertificateRejection.KeyUsage, "a CA certificate cannot serve as an identity certificate");
        }

        if (KeyUsage.GetInstance(extensions.GetExtensionParsedValue(X509Extensions.KeyUsage)).IntValue != KeyUsage.DigitalSignature)
        {
            return new ProfileViolation(CertificateRejection.KeyUsage, "key usage of an identity certificate must be exactly digitalSignature");
        }

        if (purpose == CertificatePurpose.Tls)
        {
            var purposes = ExtendedKeyUsage.GetInstance(extensions.GetExtensionParsedValue(X509Extensions.ExtendedKeyUsage)).GetAllUsages();
            if (purposes.Count != 2 || !purposes.Contains(KeyPurposeID.id_kp_serverAuth) || !purposes.Contains(KeyPurposeID.id_kp_clientAuth))
            {
                return new ProfileViolation(CertificateRejection.KeyUsage, "a TLS certificate's extended key usage must be exactly serverAuth and clientAuth");
            }
        }

        return null;
    }
}
