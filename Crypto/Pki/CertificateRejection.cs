namespace Ledger.Crypto.Pki;

/// <summary>
/// Why a certificate was not accepted: one value per rule of the network's certificate profile
/// (docs/ARCHITECTURE.md, "Certificate profile"). The detail that comes with it names the
/// certificate (the identity or its organisation CA) and what exactly is wrong.
/// </summary>
public enum CertificateRejection
{
    /// <summary>Not a parseable X.509 certificate (bad ASN.1, a repeated extension, an unreadable key).</summary>
    Malformed,

    /// <summary>The validation time is after notAfter (of the certificate or its CA).</summary>
    Expired,

    /// <summary>The validation time is before notBefore (of the certificate or its CA).</summary>
    NotYetValid,

    /// <summary>No trusted organisation CA has the certificate's issuer name (byte for byte).</summary>
    UnknownCa,

    /// <summary>The issuer's key did not make the signature: forged, tampered, or another CA's.</summary>
    BadSignature,

    /// <summary>The issuer is not a CA: basicConstraints without cA, no keyCertSign, or not a self-signed root.</summary>
    IssuerNotCa,

    /// <summary>The certificate claims another organisation than the CA that issued it.</summary>
    OrganisationMismatch,

    /// <summary>The certificate has another role than the one required.</summary>
    WrongRole,

    /// <summary>The issuing organisation revoked the certificate's serial.</summary>
    Revoked,

    /// <summary>Not the key type the purpose needs (Ed25519 for signing, ECDSA P-256 on its named curve for TLS).</summary>
    WrongKeyType,

    /// <summary>Key usage, extended key usage or basic constraints do not allow the purpose, or allow more.</summary>
    KeyUsage,

    /// <summary>The bytes are not the certificate's one DER encoding (BER lengths, trailing bytes, a BER extension value).</summary>
    NotDer,

    /// <summary>Not an X.509 version 3 certificate.</summary>
    UnsupportedVersion,

    /// <summary>The serial number is zero, negative or longer than 20 octets.</summary>
    InvalidSerial,

    /// <summary>The certificate carries an issuerUniqueID or subjectUniqueID.</summary>
    UniqueIdentifierPresent,

    /// <summary>notAfter precedes notBefore, or a time is not encoded as RFC 5280 requires (UTCTime until 2049, then GeneralizedTime, in seconds, with Z).</summary>
    InvalidValidity,

    /// <summary>The subject is not the profile's: an identity's is exactly O, OU (a role) and CN, single-valued, in UTF8String or PrintableString, with names from the safe alphabet; a CA's has one O that is such a name.</summary>
    SubjectName,

    /// <summary>The signature algorithm is not ECDSA with the hash that goes with the issuer's curve (SHA-256 for P-256, SHA-384 for P-384), has parameters, or differs between the signed part and the signature.</summary>
    SignatureAlgorithm,

    /// <summary>An organisation CA's key is not ECDSA on the named curve P-256 or P-384 (RSA, DSA, P-192, Ed25519, explicit curve parameters...).</summary>
    CaKeyNotAllowed,

    /// <summary>A critical extension the profile does not know: RFC 5280 requires refusing the certificate.</summary>
    UnknownCriticalExtension,

    /// <summary>A known extension marked critical where it must not be, or not critical where it must be.</summary>
    ExtensionCriticality,

    /// <summary>An extension the profile forbids for this kind of certificate (name or policy constraints, policy mappings, extended key usage on a CA or a signing certificate).</summary>
    ForbiddenExtension,

    /// <summary>An extension the profile requires for this kind of certificate is absent.</summary>
    MissingExtension,

    /// <summary>An extension whose value does not decode as its type, is empty, or contradicts the issuer (authority key identifier).</summary>
    MalformedExtension,
}
