using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ledger.Crypto.Pki.Profile;

/// <summary>
/// The profile of an organisation CA certificate: a self-signed version 3 root with an allowed
/// ECDSA key, a critical basicConstraints with cA, a critical keyUsage with keyCertSign (and
/// nothing beyond keyCertSign, cRLSign and digitalSignature), a subject key identifier, and
/// every other extension as the extension table says.
/// </summary>
internal static class AuthorityProfile
{
    private const int AllowedCaKeyUsage = KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature;

    public static ProfileViolation? Check(X509Certificate ca)
    {
        X509CertificateStructure structure = ca.CertificateStructure;
        TbsCertificateStructure tbs = structure.TbsCertificate;
        if (FieldProfile.Check(structure) is { } field)
        {
            return field;
        }

        if (NameProfile.AuthorityProblem(tbs.Subject) is { } name)
        {
            return new ProfileViolation(CertificateRejection.SubjectName, name);
        }

        // The model is flat: an organisation's CA is a root. Issued by another CA, it would be
        // trusted here without that CA's say, so it is not a CA of this network.
        if (!tbs.Issuer.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(tbs.Subject.GetEncoded(Asn1Encodable.Der)))
        {
            return new ProfileViolation(CertificateRejection.IssuerNotCa, $"issued by '{tbs.Issuer}', not self-signed: an organisation CA is a root");
        }

        if (KeyProfile.CaKeyProblem(tbs.SubjectPublicKeyInfo) is { } key)
        {
            return new ProfileViolation(CertificateRejection.CaKeyNotAllowed, key);
        }

        DerObjectIdentifier algorithm = KeyProfile.SignatureAlgorithmOf(tbs.SubjectPublicKeyInfo)!;
        if (KeyProfile.SignatureAlgorithmProblem(structure.SignatureAlgorithm, tbs.Signature, algorithm) is { } signature)
        {
            return new ProfileViolation(CertificateRejection.SignatureAlgorithm, signature);
        }

        if (!Signatures.IsSignedBy(ca, ca.GetPublicKey()))
        {
            return new ProfileViolation(CertificateRejection.BadSignature, "its self-signature does not verify under its own key");
        }

        if (ExtensionProfile.Check(tbs.Extensions, ExtensionContext.Authority) is { } fault)
        {
            return ProfileViolation.From(fault);
        }

        if (!BasicConstraints.GetInstance(tbs.Extensions.GetExtensionParsedValue(X509Extensions.BasicConstraints)).IsCA())
        {
            return new ProfileViolation(CertificateRejection.IssuerNotCa, "basicConstraints does not say cA");
        }

        int usage = KeyUsage.GetInstance(tbs.Extensions.GetExtensionParsedValue(X509Extensions.KeyUsage)).IntValue;
        if ((usage & KeyUsage.KeyCertSign) == 0)
        {
            return new ProfileViolation(CertificateRejection.IssuerNotCa, "key usage lacks keyCertSign");
        }

        if ((usage & ~AllowedCaKeyUsage) != 0)
        {
            return new ProfileViolation(CertificateRejection.KeyUsage, "key usage of a CA may hold only keyCertSign, cRLSign and digitalSignature");
        }

        byte[] ownKeyId = SubjectKeyIdentifier.GetInstance(tbs.Extensions.GetExtensionParsedValue(X509Extensions.SubjectKeyIdentifier)).GetKeyIdentifier();
        return AuthorityKeyIdentifiers.Problem(tbs.Extensions, ownKeyId, ca) is { } authority
            ? new ProfileViolation(CertificateRejection.MalformedExtension, authority)
            : null;
    }
}
